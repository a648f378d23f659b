import { ApiClient } from "../shared/api";
import { byId, h, notify, replace, seconds } from "../shared/dom";
import { readSse } from "../shared/sse";
import { playerFor, type StreamPlayer } from "./player";
import { LanguagePicker } from "./languages";
import { requestSpeech, type SpeechRequest } from "./speech";
import { tags, type Voice } from "./types";

const maxCharacters = 4096;
const mimeTypes: Record<string, string> = { mp3: "audio/mpeg", opus: "audio/ogg", aac: "audio/aac", flac: "audio/flac", wav: "audio/wav", pcm: "audio/pcm" };

interface AudioEvent {
  type: string;
  audio?: string;
  audio_duration?: number;
  generation_time?: number;
}

/** The playground: text, voice and sampling settings, spoken with streamed playback and its timings. */
export class PlaygroundPage {
  private readonly form = byId<HTMLFormElement>("speak-form");
  private readonly text = byId<HTMLTextAreaElement>("speak-text");
  private readonly counter = byId("speak-counter");
  private readonly voice = byId<HTMLSelectElement>("speak-voice");
  private readonly format = byId<HTMLSelectElement>("speak-format");
  private readonly speak = byId<HTMLButtonElement>("speak");
  private readonly stopButton = byId<HTMLButtonElement>("speak-stop");
  private readonly download = byId<HTMLAnchorElement>("speak-download");
  private readonly notice = byId("speak-notice");
  private readonly audio = byId<HTMLAudioElement>("speak-audio");
  private readonly language = new LanguagePicker(byId<HTMLSelectElement>("speak-language"), byId("speak-language-field"));
  private running: { abort: AbortController; player: StreamPlayer } | null = null;

  constructor(private readonly client: ApiClient) {
    this.text.addEventListener("input", () => this.count());
    this.count();
    replace(byId("tag-buttons"), ...tags.map((tag) => h("button", { type: "button", class: "small", onclick: () => this.insert(tag) }, tag)));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.run();
    });
    this.stopButton.addEventListener("click", () => this.stop());
  }

  /** Fills the voice choice from the library (keeping the current choice) and the languages of the served model. */
  async loadVoices(): Promise<void> {
    const chosen = this.voice.value;
    try {
      await this.language.load(this.client);
      const { voices } = await this.client.json<{ voices: Voice[] }>("v1/audio/voices");
      replace(
        this.voice,
        h("option", { value: "default" }, "default (the server's default voice)"),
        ...voices.map((voice) => h("option", { value: voice.id }, voice.aliases.length > 0 ? `${voice.name} (${voice.aliases.join(", ")})` : voice.name)),
      );
      if ([...this.voice.options].some((option) => option.value === chosen)) this.voice.value = chosen;
    } catch (error) {
      notify(this.notice, `Could not load the voices: ${error instanceof Error ? error.message : String(error)}`, "error");
    }
  }

  private count(): void {
    const length = this.text.value.length;
    this.counter.textContent = `${length} / ${maxCharacters} characters`;
    this.counter.dataset.over = String(length > maxCharacters);
  }

  private insert(tag: string): void {
    const { selectionStart, selectionEnd, value } = this.text;
    const before = value.slice(0, selectionStart);
    const after = value.slice(selectionEnd);
    // Keep the tag a separate word without doubling the spaces around it.
    const spaced = `${before.length > 0 && !/\s$/.test(before) ? " " : ""}${tag}${/^\s/.test(after) ? "" : " "}`;
    this.text.setRangeText(spaced, selectionStart, selectionEnd, "end");
    this.text.focus();
    this.count();
  }

  private request(): SpeechRequest {
    const number = (id: string): number | undefined => {
      const value = byId<HTMLInputElement>(id).value.trim();
      return value === "" ? undefined : Number(value);
    };
    return {
      input: this.text.value,
      voice: this.voice.value || "default",
      response_format: this.format.value,
      stream_format: "sse",
      speed: number("speak-speed"),
      temperature: number("speak-temperature"),
      top_k: number("speak-top-k"),
      top_p: number("speak-top-p"),
      repetition_penalty: number("speak-repetition"),
      seed: number("speak-seed"),
      language: this.language.value,
    };
  }

  private async run(): Promise<void> {
    this.stop();
    const request = this.request();
    if (!request.input.trim()) return notify(this.notice, "Type something to speak.", "error");
    // Created inside the click so the browser allows it to play.
    const player = playerFor(request.response_format, this.audio);
    const abort = new AbortController();
    this.running = { abort, player };
    this.setBusy(true);
    this.showStats({ mode: player.mode, first: "—", generation: "—", duration: "—", rtf: "—", bytes: "—", seed: "—" });
    notify(this.notice, "Speaking…");
    this.download.hidden = true;

    const started = performance.now();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    try {
      const response = await requestSpeech(this.client, request, abort.signal);
      byId("stat-seed").textContent = response.headers.get("X-Seed") ?? "—";
      if (!response.body) throw new Error("The browser cannot stream responses.");
      let done: AudioEvent | null = null;
      for await (const event of readSse(response.body)) {
        const data = JSON.parse(event.data) as AudioEvent;
        if (data.type === "speech.audio.delta" && data.audio) {
          const bytes = Uint8Array.from(atob(data.audio), (c) => c.charCodeAt(0));
          if (parts.length === 0) byId("stat-first").textContent = seconds((performance.now() - started) / 1000);
          parts.push(bytes);
          received += bytes.length;
          byId("stat-bytes").textContent = `${(received / 1024).toFixed(1)} KiB`;
          player.push(bytes);
        } else if (data.type === "speech.audio.done") {
          done = data;
        }
      }
      if (!done) throw new Error("The stream ended before the server said it was done (the generation failed; see the server log).");
      const whole = new Blob(parts, { type: mimeTypes[request.response_format] ?? "application/octet-stream" });
      player.finish(whole);
      this.finish(done, whole, request.response_format);
      notify(this.notice, "");
    } catch (error) {
      if (abort.signal.aborted) notify(this.notice, "Stopped.");
      else notify(this.notice, error instanceof Error ? error.message : String(error), "error");
    } finally {
      if (this.running?.abort === abort) this.running = null;
      this.setBusy(false);
    }
  }

  private finish(done: AudioEvent, whole: Blob, format: string): void {
    const generation = done.generation_time ?? null;
    const duration = done.audio_duration ?? null;
    byId("stat-generation").textContent = seconds(generation);
    byId("stat-duration").textContent = seconds(duration);
    byId("stat-rtf").textContent = generation !== null && duration ? (generation / duration).toFixed(2) : "—";
    if (this.download.href.startsWith("blob:")) URL.revokeObjectURL(this.download.href);
    this.download.href = URL.createObjectURL(whole);
    this.download.download = `speech.${format}`;
    this.download.hidden = false;
  }

  private stop(): void {
    if (!this.running) return;
    this.running.abort.abort();
    this.running.player.stop();
    this.running = null;
  }

  private setBusy(busy: boolean): void {
    this.speak.disabled = busy;
    this.stopButton.disabled = !busy;
  }

  private showStats(values: { mode: string; first: string; generation: string; duration: string; rtf: string; bytes: string; seed: string }): void {
    byId("stat-mode").textContent = values.mode;
    byId("stat-first").textContent = values.first;
    byId("stat-generation").textContent = values.generation;
    byId("stat-duration").textContent = values.duration;
    byId("stat-rtf").textContent = values.rtf;
    byId("stat-bytes").textContent = values.bytes;
    byId("stat-seed").textContent = values.seed;
  }
}
