import { ApiClient } from "../shared/api";
import { confirmAction } from "../shared/dialogs";
import { byId, dateTime, h, notify, replace } from "../shared/dom";
import { Recording, recordingName } from "./recorder";
import { LanguagePicker } from "./languages";
import { requestSpeech } from "./speech";
import type { Voice } from "./types";

const path = (id: string): string => `v1/audio/voices/${encodeURIComponent(id)}`;
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const splitAliases = (text: string): string[] => text.split(",").map((alias) => alias.trim()).filter((alias) => alias.length > 0);

/** The voice library: upload (file, drop or recording), list, play, preview, rename and delete. */
export class VoicesPage {
  private readonly form = byId<HTMLFormElement>("upload-form");
  private readonly fileInput = byId<HTMLInputElement>("upload-file");
  private readonly dropzone = byId("dropzone");
  private readonly dropHint = byId("drop-hint");
  private readonly recordButton = byId<HTMLButtonElement>("record");
  private readonly recordState = byId("record-state");
  private readonly recorded = byId<HTMLAudioElement>("recorded");
  private readonly nameInput = byId<HTMLInputElement>("upload-name");
  private readonly aliasesInput = byId<HTMLInputElement>("upload-aliases");
  private readonly consent = byId<HTMLInputElement>("upload-consent");
  private readonly submit = byId<HTMLButtonElement>("upload-submit");
  private readonly progress = byId<HTMLProgressElement>("upload-progress");
  private readonly uploadNotice = byId("upload-notice");
  private readonly listNotice = byId("voices-notice");
  private readonly list = byId<HTMLUListElement>("voice-list");
  private readonly empty = byId("voices-empty");
  private readonly previewText = byId<HTMLInputElement>("preview-text");
  private readonly previewLanguage = new LanguagePicker(byId<HTMLSelectElement>("preview-language"), byId("preview-language-field"));
  private clip: File | null = null;
  private recording: Recording | null = null;

  constructor(private readonly client: ApiClient) {
    this.fileInput.addEventListener("change", () => {
      this.recorded.hidden = true;
      this.choose(this.fileInput.files?.[0] ?? null);
    });
    this.dropzone.addEventListener("dragover", (event) => {
      event.preventDefault();
      this.dropzone.dataset.over = "true";
    });
    this.dropzone.addEventListener("dragleave", () => delete this.dropzone.dataset.over);
    this.dropzone.addEventListener("drop", (event) => {
      event.preventDefault();
      delete this.dropzone.dataset.over;
      this.recorded.hidden = true;
      this.choose(event.dataTransfer?.files[0] ?? null);
    });
    this.recordButton.addEventListener("click", () => void this.toggleRecording());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.upload();
    });
    byId("voices-refresh").addEventListener("click", () => void this.load());
  }

  /** Loads and shows the library, and the languages a preview may speak. */
  async load(): Promise<void> {
    try {
      await this.previewLanguage.load(this.client);
      const { voices } = await this.client.json<{ voices: Voice[] }>("v1/audio/voices");
      notify(this.listNotice, "");
      replace(this.list, ...voices.map((voice) => this.card(voice)));
      this.empty.hidden = voices.length > 0;
    } catch (error) {
      notify(this.listNotice, `Could not load the voices: ${errorText(error)}`, "error");
    }
  }

  private choose(file: File | null): void {
    this.clip = file;
    this.dropHint.textContent = file ? `Selected: ${file.name} (${(file.size / 1024).toFixed(0)} KiB)` : "Drop a file here, choose one, or record.";
    if (file && !this.nameInput.value) this.nameInput.value = file.name.replace(/\.[^.]+$/, "").replace(/[^\p{L}\p{N} _.-]/gu, " ").trim().slice(0, 64);
  }

  private async toggleRecording(): Promise<void> {
    if (this.recording) {
      const blob = await this.recording.stop();
      this.recording = null;
      this.recordButton.textContent = "Record";
      this.recordButton.setAttribute("aria-pressed", "false");
      this.recordState.textContent = `Recorded ${(blob.size / 1024).toFixed(0)} KiB.`;
      this.recorded.src = URL.createObjectURL(blob);
      this.recorded.hidden = false;
      this.choose(new File([blob], recordingName(blob), { type: blob.type }));
      return;
    }
    try {
      this.recording = await Recording.start();
      this.recordButton.textContent = "Stop recording";
      this.recordButton.setAttribute("aria-pressed", "true");
      this.recordState.textContent = "Recording… speak for 5 to 60 seconds.";
    } catch (error) {
      this.recordState.textContent = "";
      notify(this.uploadNotice, `Cannot record: ${errorText(error)}`, "error");
    }
  }

  private async upload(): Promise<void> {
    const name = this.nameInput.value.trim();
    if (!this.clip) return notify(this.uploadNotice, "Choose, drop or record an audio clip first.", "error");
    if (!name) {
      this.nameInput.focus();
      return notify(this.uploadNotice, "Give the voice a name.", "error");
    }
    const form = new FormData();
    form.append("name", name);
    form.append("audio_sample", this.clip, this.clip.name);
    const aliases = splitAliases(this.aliasesInput.value);
    if (aliases.length > 0) form.append("aliases", aliases.join(","));
    if (this.consent.checked) form.append("consent", "true");

    this.submit.disabled = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    notify(this.uploadNotice, "Uploading…");
    try {
      const voice = await this.client.upload<{ id: string; name: string }>("v1/audio/voices", form, (fraction) => (this.progress.value = fraction));
      notify(this.uploadNotice, `Added the voice “${voice.name}” (${voice.id}).`, "success");
      this.form.reset();
      this.recorded.hidden = true;
      this.choose(null);
      await this.load();
    } catch (error) {
      notify(this.uploadNotice, `Upload refused: ${errorText(error)}`, "error");
    } finally {
      this.submit.disabled = false;
      this.progress.hidden = true;
    }
  }

  private card(voice: Voice): HTMLLIElement {
    const audio = h("audio", { controls: true, hidden: true, "aria-label": `Audio for ${voice.name}` });
    const notice = h("p", { class: "notice", role: "alert", hidden: true });
    const editor = this.editor(voice, notice);
    const play = async (label: string, load: () => Promise<Blob>): Promise<void> => {
      notify(notice, `${label}…`);
      try {
        const blob = await load();
        if (audio.src) URL.revokeObjectURL(audio.src);
        audio.src = URL.createObjectURL(blob);
        audio.hidden = false;
        notify(notice, "");
        await audio.play().catch(() => undefined); // autoplay may be refused; the controls remain
      } catch (error) {
        notify(notice, `${label} failed: ${errorText(error)}`, "error");
      }
    };
    const button = (text: string, label: string, action: () => void, extra: Record<string, unknown> = {}): HTMLButtonElement =>
      h("button", { type: "button", class: "small", "aria-label": label, onclick: action, ...extra }, text);

    return h(
      "li",
      { "data-voice-id": voice.id },
      h("div", { class: "voice-head" }, h("h3", {}, voice.name), h("code", { class: "muted" }, voice.id)),
      h(
        "div",
        { class: "voice-meta" },
        h("span", {}, `${voice.duration_seconds.toFixed(1)} s`),
        h("span", {}, `Added ${dateTime(voice.created_at)}`),
        h("span", {}, voice.aliases.length > 0 ? `Aliases: ${voice.aliases.join(", ")}` : "No aliases"),
        h(
          "span",
          { class: "badge", "data-state": voice.conditioning_ready ? "yes" : "no", title: "Whether the server has already encoded this voice" },
          voice.conditioning_ready ? "Conditioning ready" : "Encoded on first use",
        ),
      ),
      h(
        "div",
        { class: "row" },
        button("Play clip", `Play the clip of ${voice.name}`, () => void play("Loading the clip", () => this.client.blob(`${path(voice.id)}/sample`))),
        button("Preview", `Speak the preview sentence as ${voice.name}`, () =>
          void play("Speaking the preview", async () => (await requestSpeech(this.client, { input: this.previewText.value || "Hello.", voice: voice.id, response_format: "mp3", language: this.previewLanguage.value })).blob()),
        ),
        button("Rename", `Rename ${voice.name} or change its aliases`, () => {
          editor.hidden = !editor.hidden;
          if (!editor.hidden) editor.querySelector("input")?.focus();
        }),
        button("Delete", `Delete ${voice.name}`, () => void this.remove(voice, notice), { class: "small danger" }),
      ),
      editor,
      audio,
      notice,
    );
  }

  private editor(voice: Voice, notice: HTMLElement): HTMLFormElement {
    const nameId = `rename-${voice.id}`;
    const aliasesId = `aliases-${voice.id}`;
    const name = h("input", { type: "text", id: nameId, value: voice.name, maxLength: 64, required: true, autocomplete: "off" });
    const aliases = h("input", { type: "text", id: aliasesId, value: voice.aliases.join(", "), autocomplete: "off" });
    const form = h(
      "form",
      { class: "card", hidden: true, "aria-label": `Rename ${voice.name}` },
      h("div", { class: "grid" }, h("div", {}, h("label", { for: nameId }, "New name"), name), h("div", {}, h("label", { for: aliasesId }, "Aliases (comma-separated)"), aliases)),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary small" }, "Save"), h("button", { type: "button", class: "small", onclick: () => (form.hidden = true) }, "Cancel")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void (async () => {
        try {
          await this.client.send("PATCH", path(voice.id), { name: name.value.trim(), aliases: splitAliases(aliases.value) });
          await this.load();
        } catch (error) {
          notify(notice, `Rename refused: ${errorText(error)}`, "error");
        }
      })();
    });
    return form;
  }

  private async remove(voice: Voice, notice: HTMLElement): Promise<void> {
    const confirmed = await confirmAction(`Delete “${voice.name}”?`, "Its clip is removed from the server; requests that use its name or aliases will fail. This cannot be undone.", "Delete voice");
    if (!confirmed) return;
    try {
      await this.client.send("DELETE", path(voice.id));
      await this.load();
    } catch (error) {
      notify(notice, `Delete failed: ${errorText(error)}`, "error");
    }
  }
}
