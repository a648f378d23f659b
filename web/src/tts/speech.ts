import { ApiClient } from "../shared/api";

let model: Promise<string> | null = null;

/** The served model's id: the first entry of `GET /v1/models` (its aliases follow it). */
export function modelId(client: ApiClient): Promise<string> {
  model ??= client.json<{ data: { id: string }[] }>("v1/models").then((list) => list.data[0]?.id ?? "tts-1");
  model.catch(() => (model = null));
  return model;
}

/** The body of a `POST /v1/audio/speech` request; fields left undefined are not sent. */
export interface SpeechRequest {
  input: string;
  voice: string;
  response_format: string;
  stream_format?: "audio" | "sse";
  speed?: number;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  repetition_penalty?: number;
  seed?: number;
}

/** Posts a speech request; the response is returned unread so it can be streamed. */
export async function requestSpeech(client: ApiClient, request: SpeechRequest, signal?: AbortSignal): Promise<Response> {
  const body = { model: await modelId(client), ...request };
  const response = await client.fetch("v1/audio/speech", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
  return client.ensureOk(response);
}
