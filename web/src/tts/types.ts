/** A library voice as `GET /v1/audio/voices` lists it. */
export interface Voice {
  id: string;
  name: string;
  aliases: string[];
  created_at: number;
  duration_seconds: number;
  conditioning_ready: boolean;
}

/** One finished request in the status JSON. */
export interface RecentRequest {
  id: string;
  finished_at: number;
  voice: string | null;
  characters: number | null;
  response_format: string | null;
  stream_format: string | null;
  outcome: string;
  time_to_first_audio: number | null;
  generation_time: number | null;
  audio_duration: number | null;
  real_time_factor: number | null;
}

/** `GET /v1/status` of the tts-server. */
export interface TtsStatus {
  model: string;
  model_version: string | null;
  device: string;
  dtype: string;
  state: string;
  detail: string | null;
  queue_depth: number;
  running: number;
  max_concurrent: number;
  max_concurrent_automatic: boolean;
  batch_decoding: boolean;
  batch_decoding_automatic: boolean;
  /** Why the values the configuration left unset are what they are; null when it set both. */
  capacity_reason: string | null;
  max_queue: number;
  api_keys_required: boolean;
  recent: RecentRequest[];
}

/** The paralinguistic tags Chatterbox Turbo's tokenizer knows (tokenizer.json added tokens). */
export const tags = [
  "[laugh]", "[chuckle]", "[sigh]", "[gasp]", "[cough]", "[clear throat]", "[sniff]", "[groan]", "[shush]",
  "[whispering]", "[happy]", "[sarcastic]", "[angry]", "[fear]", "[surprised]", "[crying]", "[dramatic]",
  "[narration]", "[advertisement]",
] as const;
