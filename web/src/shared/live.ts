import { ApiClient, ApiError } from "./api";
import { readSse } from "./sse";

/** How the live connection stands, for the page's indicator. */
export type LiveState = { kind: "connecting" } | { kind: "live" } | { kind: "retrying"; reason: string } | { kind: "stopped"; reason: string };

/**
 * Follows a `/v1/status/events` stream: calls `onStatus` with each `status` event's JSON and reconnects (1 s, then
 * up to 10 s apart) when the stream ends. Stops for good on a refused key or a server without the endpoint.
 */
export function followStatus<T>(client: ApiClient, path: string, onStatus: (status: T) => void, onState: (state: LiveState) => void): void {
  let delay = 1000;
  const connect = async (): Promise<void> => {
    onState({ kind: "connecting" });
    try {
      const response = await client.ensureOk(await client.fetch(path, { headers: { Accept: "text/event-stream" }, cache: "no-store" }));
      if (!response.body) throw new ApiError(0, "The browser cannot stream responses.");
      for await (const event of readSse(response.body)) {
        if (event.event !== "status") continue;
        onState({ kind: "live" });
        delay = 1000;
        onStatus(JSON.parse(event.data) as T);
      }
      onState({ kind: "retrying", reason: "The server closed the live stream." });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
        onState({ kind: "stopped", reason: error.message });
        return;
      }
      onState({ kind: "retrying", reason: error instanceof Error ? error.message : String(error) });
    }
    setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, 10_000);
  };
  void connect();
}

/** Renders a LiveState into an indicator element. */
export function showLiveState(indicator: HTMLElement, state: LiveState): void {
  indicator.dataset.state = state.kind;
  indicator.textContent =
    state.kind === "live" ? "Live" : state.kind === "connecting" ? "Connecting…" : state.kind === "retrying" ? "Reconnecting…" : "Not live";
  indicator.title = "reason" in state ? state.reason : "";
}
