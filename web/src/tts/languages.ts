import { ApiClient } from "../shared/api";
import { h, replace } from "../shared/dom";
import { servedModel } from "./speech";

const names = new Intl.DisplayNames(["en"], { type: "language" });

/**
 * A language picker over the languages the served model lists in `GET /v1/models`. Its field stays hidden while the
 * model speaks one language (Turbo), and then no language is sent: the server's default (English) applies.
 */
export class LanguagePicker {
  constructor(
    private readonly select: HTMLSelectElement,
    private readonly field: HTMLElement,
  ) {}

  /** Fills the choice from the served model (keeping the current choice when it is still offered). */
  async load(client: ApiClient): Promise<void> {
    const { languages } = await servedModel(client);
    const chosen = this.select.value || "en";
    replace(this.select, ...languages.map((code) => h("option", { value: code }, `${names.of(code) ?? code} (${code})`)));
    this.select.value = languages.includes(chosen) ? chosen : (languages[0] ?? "en");
    this.field.hidden = languages.length <= 1;
  }

  /** The chosen language, or undefined while the picker is hidden. */
  get value(): string | undefined {
    return this.field.hidden ? undefined : this.select.value;
  }
}
