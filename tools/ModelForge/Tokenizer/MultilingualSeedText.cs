namespace LocalAi.ModelForge.Tokenizer;

/// <summary>
/// A few everyday sentences in each of the 23 languages of Chatterbox Multilingual. The forged multilingual
/// <c>tokenizer.json</c> learns its merges from them, and tests use them as a multilingual corpus.
/// </summary>
public static class MultilingualSeedText
{
    /// <summary>Sentences per ISO 639-1 code, in the order of the multilingual language list.</summary>
    public static IReadOnlyDictionary<string, string[]> ByLanguage { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ar"] =
        [
            "مرحبا بكم في نشرة الأخبار المسائية.",
            "الطقس اليوم مشمس وجميل في المدينة.",
            "هل يمكنك أن تساعدني في حمل هذه الحقيبة؟",
            "قرأت كتابا رائعا عن تاريخ الأندلس، وأنصحك به.",
            "سوف نلتقي غدا في الساعة الثامنة صباحا.",
        ],
        ["da"] =
        [
            "Hej, hvordan har du det i dag?",
            "Vejret er koldt, men solen skinner over havnen.",
            "Jeg købte brød og ost på markedet i morges.",
            "Kan du fortælle mig vejen til stationen?",
            "Børnene legede i haven hele eftermiddagen.",
        ],
        ["de"] =
        [
            "Guten Morgen, wie geht es Ihnen heute?",
            "Die Straßenbahn fährt alle zehn Minuten zum Hauptbahnhof.",
            "Ich möchte gern einen Kaffee und ein Stück Kuchen bestellen.",
            "Übermorgen beginnt die große Ausstellung im Museum.",
            "Können Sie mir bitte helfen, den Schlüssel zu finden?",
        ],
        ["el"] =
        [
            "Καλημέρα, τι κάνεις σήμερα;",
            "Ο καιρός είναι ζεστός και ο ουρανός καθαρός.",
            "Θα ήθελα ένα ποτήρι νερό, παρακαλώ.",
            "Η βιβλιοθήκη ανοίγει στις εννέα το πρωί.",
            "Ευχαριστώ πολύ για τη βοήθειά σου!",
        ],
        ["en"] =
        [
            "Good morning, how are you doing today?",
            "The quick brown fox jumps over the lazy dog.",
            "Please remember to water the plants while I'm away.",
            "We walked along the river until the sun went down.",
            "Thank you so much for coming to the meeting!",
        ],
        ["es"] =
        [
            "Buenos días, ¿cómo estás hoy?",
            "La biblioteca está cerrada los domingos por la tarde.",
            "Mañana vamos a visitar a nuestros abuelos en el pueblo.",
            "¡Qué sorpresa tan agradable verte aquí!",
            "El niño comió una manzana y se durmió en el sofá.",
        ],
        ["fi"] =
        [
            "Hyvää huomenta, mitä sinulle kuuluu?",
            "Järven rannalla on pieni punainen mökki.",
            "Kävimme eilen saunassa ja uimassa.",
            "Voisitko auttaa minua löytämään aseman?",
            "Talvella täällä on pimeää ja kylmää.",
        ],
        ["fr"] =
        [
            "Bonjour, comment ça va aujourd'hui ?",
            "Le café du coin ouvre à sept heures et demie.",
            "Nous avons passé une très belle soirée chez nos amis.",
            "Où se trouve la gare la plus proche, s'il vous plaît ?",
            "L'été dernier, j'ai appris à nager dans la mer.",
        ],
        ["he"] =
        [
            "שלום, מה שלומך היום?",
            "מזג האוויר נעים ואפשר לטייל בפארק.",
            "אני רוצה להזמין שולחן לשני אנשים.",
            "הספרייה נפתחת בשעה תשע בבוקר.",
            "תודה רבה על העזרה שלך!",
        ],
        ["hi"] =
        [
            "नमस्ते, आप आज कैसे हैं?",
            "आज मौसम बहुत सुहावना है।",
            "मुझे एक कप चाय चाहिए, कृपया।",
            "बच्चे बगीचे में खेल रहे हैं।",
            "क्या आप मुझे स्टेशन का रास्ता बता सकते हैं?",
        ],
        ["it"] =
        [
            "Buongiorno, come stai oggi?",
            "La città è bellissima in primavera.",
            "Vorrei un caffè e una brioche, per favore.",
            "Perché non andiamo al mare domenica?",
            "Il treno per Firenze parte alle nove e un quarto.",
        ],
        ["ja"] =
        [
            "こんにちは、おげんきですか？",
            "きょうはいいてんきですね。",
            "わたしはまいにちコーヒーをのみます。",
            "えきまでのみちをおしえてください！",
            "カタカナとひらがなでかいたぶんしょうです。",
        ],
        ["ko"] =
        [
            "안녕하세요, 오늘 기분이 어떠세요?",
            "날씨가 맑아서 공원에 산책을 갔어요.",
            "저는 매일 아침 커피를 마십니다.",
            "역까지 가는 길을 알려 주시겠어요?",
            "한국어를 배우는 것은 재미있습니다!",
        ],
        ["ms"] =
        [
            "Selamat pagi, apa khabar hari ini?",
            "Cuaca hari ini sangat panas dan cerah.",
            "Saya mahu membeli sedikit buah di pasar.",
            "Boleh awak tunjukkan jalan ke stesen kereta api?",
            "Terima kasih atas bantuan anda!",
        ],
        ["nl"] =
        [
            "Goedemorgen, hoe gaat het met je vandaag?",
            "De fietsers rijden langs het kanaal naar de stad.",
            "Ik heb gisteren een mooi boek gelezen.",
            "Weet jij hoe laat de winkel dichtgaat?",
            "Het regent al de hele week in Amsterdam.",
        ],
        ["no"] =
        [
            "God morgen, hvordan har du det i dag?",
            "Fjellene er dekket av snø om vinteren.",
            "Jeg liker å gå tur i skogen på søndager.",
            "Kan du hjelpe meg med å finne bussholdeplassen?",
            "Vi spiste middag sammen med familien i går.",
        ],
        ["pl"] =
        [
            "Dzień dobry, jak się dzisiaj masz?",
            "Pociąg do Krakowa odjeżdża o ósmej rano.",
            "Zjadłem pyszną zupę w małej restauracji.",
            "Czy możesz mi pomóc znaleźć klucze?",
            "Żółta łódź płynęła powoli po jeziorze.",
        ],
        ["pt"] =
        [
            "Bom dia, como você está hoje?",
            "A praia estava cheia de gente no domingo.",
            "Eu gostaria de um pão de queijo e um café.",
            "Você sabe onde fica a estação de trem?",
            "As crianças brincaram no jardim até à noite.",
        ],
        ["ru"] =
        [
            "Здравствуйте, как у вас дела сегодня?",
            "Сегодня на улице холодно, но солнечно.",
            "Я люблю читать книги по вечерам.",
            "Скажите, пожалуйста, где находится вокзал?",
            "Мы ездили на дачу всей семьёй.",
        ],
        ["sv"] =
        [
            "God morgon, hur mår du i dag?",
            "Vi åkte båt över sjön i söndags.",
            "Jag skulle vilja ha en kopp kaffe, tack.",
            "Vet du var närmaste busshållplats ligger?",
            "Barnen lekte i snön hela eftermiddagen.",
        ],
        ["sw"] =
        [
            "Habari za asubuhi, hujambo?",
            "Leo hali ya hewa ni nzuri sana.",
            "Ninapenda kusoma vitabu jioni.",
            "Tafadhali nionyeshe njia ya kwenda sokoni.",
            "Asante sana kwa msaada wako!",
        ],
        ["tr"] =
        [
            "Günaydın, bugün nasılsınız?",
            "İstanbul'da hava bugün çok güzel.",
            "Bir bardak çay ve simit istiyorum.",
            "Otobüs durağı nerede, biliyor musunuz?",
            "Çocuklar bahçede top oynuyorlar.",
        ],
        ["zh"] =
        [
            "你好，今天天气真不错。",
            "我每天早上喝一杯咖啡。",
            "请问火车站在哪里？",
            "我们明天一起去公园散步吧！",
            "中文的句子没有空格。",
        ],
    };
}
