import { ApiClient } from "../shared/api";
import { byId, countdown, h, notify, replace } from "../shared/dom";
import { followStatus, showLiveState } from "../shared/live";
import type { ManagedModel, ManagerStatus } from "./types";

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The manager's backends, live: state, idle countdown, GPU memory, unload buttons and the gaming-mode switch. */
export class BackendsPage {
  private readonly gaming = byId<HTMLButtonElement>("gaming-mode");
  private readonly gamingState = byId("gaming-state");
  private readonly notice = byId("manager-notice");
  private readonly list = byId("backends");

  constructor(private readonly client: ApiClient) {
    this.gaming.addEventListener("click", () => void this.toggleGamingMode());
    byId("unload-all").addEventListener("click", () => void this.act("Unloading every model", () => this.client.send("POST", "unload")));
  }

  /** Starts following the events stream. */
  start(): void {
    followStatus<ManagerStatus>(this.client, "v1/status/events", (status) => this.render(status), (state) => {
      showLiveState(byId("manager-live"), state);
      if (state.kind === "stopped") notify(this.notice, `Live status is unavailable: ${state.reason}`, "error");
    });
  }

  private async toggleGamingMode(): Promise<void> {
    const enable = this.gaming.getAttribute("aria-checked") !== "true";
    this.gaming.disabled = true;
    try {
      const answer = await this.client.send<{ enabled: boolean }>("POST", "gaming-mode", { enabled: enable });
      this.showGamingMode(answer.enabled);
      notify(this.notice, answer.enabled ? "Gaming mode is on: GPU backends are stopped." : "Gaming mode is off.", "success");
    } catch (error) {
      notify(this.notice, `Could not switch gaming mode: ${errorText(error)}`, "error");
    } finally {
      this.gaming.disabled = false;
    }
  }

  private async act(label: string, call: () => Promise<{ unloaded: string[] }>): Promise<void> {
    notify(this.notice, `${label}…`);
    try {
      const { unloaded } = await call();
      notify(this.notice, unloaded.length > 0 ? `Unloaded ${unloaded.join(", ")}.` : "Nothing was running.", "success");
    } catch (error) {
      notify(this.notice, `${label} failed: ${errorText(error)}`, "error");
    }
  }

  private showGamingMode(enabled: boolean): void {
    this.gaming.setAttribute("aria-checked", String(enabled));
    this.gamingState.textContent = enabled ? "on" : "off";
  }

  private render(status: ManagerStatus): void {
    this.showGamingMode(status.gaming_mode);
    const gpu = status.gpu;
    byId("gpu-free").textContent =
      gpu && gpu.free_mib !== null ? `${gpu.free_mib.toLocaleString()} MiB${gpu.total_mib ? ` of ${gpu.total_mib.toLocaleString()}` : ""}` : "unknown (no nvidia-smi)";
    byId("model-count").textContent = String(status.models.length);
    byId("running-count").textContent = String(status.models.filter((model) => model.state !== "stopped").length);
    replace(this.list, ...status.models.map((model) => this.card(model)));
  }

  private card(model: ManagedModel): HTMLElement {
    const fact = (term: string, value: string): HTMLDivElement => h("div", {}, h("dt", {}, term), h("dd", {}, value));
    const titleId = `model-${model.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    return h(
      "article",
      { class: "card", "aria-labelledby": titleId, "data-model": model.id },
      h("div", { class: "voice-head" }, h("h3", { id: titleId }, model.id), h("span", { class: "badge", "data-state": model.state }, model.state)),
      model.aliases.length > 0 ? h("p", { class: "muted" }, `Aliases: ${model.aliases.join(", ")}`) : null,
      h(
        "dl",
        { class: "facts" },
        fact("Backend", model.group ? `${model.backend} (group ${model.group})` : model.backend),
        fact("In flight", String(model.in_flight)),
        fact("Idle stop", this.idle(model)),
        fact("GPU memory", model.gpu_memory_mib === null ? "—" : `${model.gpu_memory_mib.toLocaleString()} MiB`),
        fact("Upstream", model.upstream),
      ),
      model.last_error ? h("p", { class: "notice", "data-kind": "error" }, `Last error: ${model.last_error}`) : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "small danger",
            disabled: model.state === "stopped",
            "aria-label": `Unload ${model.id}`,
            onclick: () => void this.act(`Unloading ${model.id}`, () => this.client.send("POST", `unload/${encodeURIComponent(model.id)}`)),
          },
          "Unload",
        ),
      ),
    );
  }

  private idle(model: ManagedModel): string {
    if (model.idle_seconds_left !== null) return `in ${countdown(model.idle_seconds_left)}`;
    if (!model.idle_timeout_seconds) return "never";
    return model.state === "ready" ? "busy" : `after ${countdown(model.idle_timeout_seconds)} idle`;
  }
}
