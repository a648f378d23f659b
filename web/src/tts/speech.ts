import { ApiClient } from "../shared/api";

/** The served model as `GET /v1/models` lists it: its id (the first entry; its aliases follow) and its languages. */
export interface ServedModel {
  id: string;
  languages: string[];
}

let model: Promise<ServedModel> | null = null;

/** The served model, asked for once per page load. */
export function servedModel(client: ApiClient): Promise<ServedModel> {
  model ??= client
    .json<{ data: { id: string; languages?: string[] }[] }>("v1/models")
    .then((list) => ({ id: list.data[0]?.id ?? "tts-1", languages: list.data[0]?.languages ?? ["en"] }));
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
  language?: string;
}

/** Posts a speech request; the response is returned unread so it can be streamed. */
export async function requestSpeech(client: ApiClient, request: SpeechRequest, signal?: AbortSignal): Promise<Response> {
  const body = { model: (await servedModel(client)).id, ...request };
  const response = await client.fetch("v1/audio/speech", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
  return client.ensureOk(response);
}
