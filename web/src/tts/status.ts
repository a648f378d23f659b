import { ApiClient } from "../shared/api";
import { byId, dateTime, h, notify, replace, seconds } from "../shared/dom";
import { followStatus, showLiveState } from "../shared/live";
import type { RecentRequest, TtsStatus } from "./types";

/** The tts-server's live status: model, device, queue and recent requests, from `/v1/status/events`. */
export class StatusPage {
  private readonly facts = byId("status-facts");
  private readonly live = byId("status-live");
  private readonly notice = byId("status-notice");
  private readonly rows = byId("recent-rows");
  private readonly empty = byId("recent-empty");

  constructor(private readonly client: ApiClient) {}

  /** Starts following the events stream. */
  start(): void {
    followStatus<TtsStatus>(this.client, "v1/status/events", (status) => this.render(status), (state) => {
      showLiveState(this.live, state);
      notify(this.notice, state.kind === "stopped" ? `Live status is unavailable: ${state.reason}` : "", "error");
    });
  }

  private render(status: TtsStatus): void {
    const fact = (term: string, value: Node | string): HTMLDivElement => h("div", {}, h("dt", {}, term), h("dd", {}, value));
    replace(
      this.facts,
      fact("Model", status.model),
      fact("Version", status.model_version ?? "—"),
      fact("Device", status.device),
      fact("Precision", status.dtype),
      fact("State", h("span", { class: "badge", "data-state": status.state }, status.state)),
      fact("Generating", `${status.running} of ${status.max_concurrent}${status.batch_decoding ? ", batched" : ""}`),
      fact("Capacity", this.capacity(status)),
      fact("Queued", `${status.queue_depth} (at most ${status.max_queue})`),
      fact("API keys", status.api_keys_required ? "required" : "not configured"),
      status.detail ? fact("Detail", status.detail) : null,
    );
    replace(this.rows, ...status.recent.map((request) => this.row(request)));
    this.empty.hidden = status.recent.length > 0;
  }

  // Whether the server chose the generations at once and the batching itself; why, in smaller print below.
  private capacity(status: TtsStatus): Node {
    const chosen = status.max_concurrent_automatic || status.batch_decoding_automatic;
    const source = chosen ? "chosen automatically" : "configured";
    return h("span", {}, source, status.capacity_reason ? h("span", { class: "fact-note" }, status.capacity_reason) : null);
  }

  private row(request: RecentRequest): HTMLTableRowElement {
    return h(
      "tr",
      {},
      h("td", {}, dateTime(request.finished_at)),
      h("td", {}, request.voice ?? "—"),
      h("td", {}, request.characters ?? "—"),
      h("td", {}, [request.response_format, request.stream_format === "sse" ? "(sse)" : ""].filter(Boolean).join(" ") || "—"),
      h("td", {}, h("span", { class: "badge", "data-state": request.outcome }, request.outcome)),
      h("td", {}, seconds(request.time_to_first_audio)),
      h("td", {}, seconds(request.generation_time)),
      h("td", {}, seconds(request.audio_duration)),
      h("td", {}, request.real_time_factor === null ? "—" : request.real_time_factor.toFixed(2)),
    );
  }
}
