using LocalAi.ModelForge.Tokenizer;
using LocalAi.Text;

namespace LocalAi.Speech.Tests.Text.Multilingual;

/// <summary>
/// At least 500 texts over the 23 languages for the HF oracle: each sentence raw, upper-cased and as the
/// multilingual preparation hands it to tokenizer.json, plus edge cases of the added tokens.
/// </summary>
internal static class MultilingualCorpus
{
    // Sentences beside the forge's seed ones, so the merges meet words they were not learned from.
    private static readonly Dictionary<string, string[]> Extra = new(StringComparer.Ordinal)
    {
        ["ar"] = ["أين تقع أقرب صيدلية؟", "شكرا جزيلا، إلى اللقاء.", "الرقم ١٢٣ مكتوب على الباب.", "أحب القهوة العربية كثيرا!", "هذا سؤال صعب جدا؛ دعني أفكر."],
        ["da"] = ["Æbler og pærer er sunde.", "Hvad koster billetten til København?", "Vi ses i morgen klokken ni.", "Søen frøs til is i januar.", "Tak for mad!"],
        ["de"] = ["Das Wetter ist heute schön, aber kühl.", "Wo ist die nächste Apotheke?", "Er läuft jeden Morgen fünf Kilometer.", "„Hallo“, sagte sie – und lächelte.", "ÄÖÜ und ß sind deutsche Buchstaben."],
        ["el"] = ["Πού είναι ο σταθμός του τρένου;", "ΟΔΟΣ ΑΘΗΝΑΣ", "Η θάλασσα είναι γαλάζια το καλοκαίρι.", "Μου αρέσει πολύ η ελληνική μουσική!", "Ήρθε χθες το απόγευμα."],
        ["en"] = ["It's 3:45 pm — time for tea...", "\"Quoted\" words and ‘single’ ones.", "Numbers like 1,000,000 and 3.14 stay.", "Well - I never; did you?", "HELLO WORLD IN CAPITALS"],
        ["es"] = ["¿Dónde está la estación de tren?", "El pingüino nadó rápidamente.", "¡Feliz cumpleaños, señora Núñez!", "Tengo veintitrés años.", "La música suena muy bien…"],
        ["fi"] = ["Missä on lähin kauppa?", "Äiti leipoo pullaa sunnuntaisin.", "Öisin täällä on hiljaista.", "Kiitos paljon avusta!", "Kello on kaksitoista."],
        ["fr"] = ["Où est la bibliothèque ?", "Ça coûte vingt-cinq euros.", "L'œuvre est magnifique !", "Il était une fois, dans un château…", "Noël approche à grands pas."],
        ["he"] = ["איפה התחנה המרכזית?", "אני אוהב ללמוד שפות חדשות.", "הילדים משחקים בחוץ.", "מחר יהיה יום חם מאוד.", "בוקר טוב לכולם!"],
        ["hi"] = ["मेरा नाम राहुल है।", "दिल्ली भारत की राजधानी है।", "क्या आप हिंदी बोलते हैं?", "धन्यवाद, फिर मिलेंगे!", "यह किताब बहुत अच्छी है॥"],
        ["it"] = ["Dov'è la stazione?", "È una giornata splendida!", "Più tardi andiamo al cinema.", "La pizza napoletana è famosa.", "Grazie mille, arrivederci."],
        ["ja"] = ["ありがとうございます。", "すみません、トイレはどこですか？", "ｶﾀｶﾅ の はんかく もじ", "「こんにちは」といいました。", "がぎぐげご ぱぴぷぺぽ"],
        ["ko"] = ["감사합니다!", "화장실이 어디예요?", "저는 학생입니다.", "내일 비가 올 거예요.", "서울은 한국의 수도입니다."],
        ["ms"] = ["Di manakah tandas?", "Saya suka makan nasi lemak.", "Jumpa lagi esok!", "Berapakah harga baju ini?", "Kucing itu tidur di atas kerusi."],
        ["nl"] = ["Waar is het station?", "Ik drink graag koffie met melk.", "Tot ziens en bedankt!", "Het café is gesloten op maandag.", "Ze fietst naar school."],
        ["no"] = ["Hvor er toalettet?", "Det er kaldt ute i dag.", "Tusen takk for hjelpen!", "Vi går på ski i påsken.", "Blåbær vokser i skogen."],
        ["pl"] = ["Gdzie jest dworzec?", "Dziękuję bardzo!", "Źrebię biegało po łące.", "Lubię czytać książki wieczorem.", "Pójdę jutro do sklepu."],
        ["pt"] = ["Onde fica a estação?", "Obrigado pela ajuda!", "A canção é muito bonita.", "Não sei o que dizer.", "Vamos à praia amanhã?"],
        ["ru"] = ["Где находится ближайшая аптека?", "Спасибо большое!", "Ёлка стоит в углу комнаты.", "Мне нравится эта музыка.", "До свидания, друзья."],
        ["sv"] = ["Var ligger stationen?", "Tack så mycket!", "Älgen står i skogen.", "Öppettiderna är nio till fem.", "Vi ses på fredag."],
        ["sw"] = ["Choo kiko wapi?", "Ninaitwa Amina.", "Karibu sana nyumbani!", "Mvua inanyesha leo.", "Tutaonana kesho asubuhi."],
        ["tr"] = ["Tuvalet nerede?", "Teşekkür ederim!", "Iğdır ve İzmir şehirleri.", "Güneş çok parlak bugün.", "Yarın görüşürüz."],
        ["zh"] = ["谢谢你的帮助！", "他们在学校学习中文。", "这是一个很好的问题。", "明天我们去北京吧。", "我爱我的家人，也爱我的朋友。"],
    };

    private static readonly string[] EdgeCases =
    [
        "", " ", "[SPACE]", "[en]", "[en][SPACE][de]", "a b", "a  b", "[START]x[STOP]", "[cj_a][cj_.]", "[cj_z1]",
        "[EN]hello", "hello[SPACE]world", "tab\tand\nnewline", "[SPACE] [SPACE]", "x[UNK]y", "[PAD][SEP][CLS][MASK]",
        "unknown ☃ snowman", "emoji 😀 here", "e\u0301 combining", "١٢٣ 123 ①②③", "[zh][cj_o][cj_n][cj_f][cj_.]",
    ];

    /// <summary>Every text, in a fixed order.</summary>
    public static IEnumerable<(string Language, string Text)> All()
    {
        var tokenizer = MultilingualFiles.Multilingual;
        foreach (var language in SpeechLanguages.Multilingual)
        {
            foreach (var sentence in MultilingualSeedText.ByLanguage[language].Concat(Extra[language]))
            {
                yield return (language, sentence);
                yield return (language, sentence.ToUpperInvariant());
                yield return (language, tokenizer.Prepare(sentence, language));
            }
        }

        foreach (var edge in EdgeCases)
        {
            yield return ("-", edge);
        }
    }
}
