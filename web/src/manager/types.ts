/** One model in the manager's status JSON. */
export interface ManagedModel {
  id: string;
  aliases: string[];
  backend: string;
  state: "stopped" | "starting" | "ready" | "stopping" | "failed";
  in_flight: number;
  idle_timeout_seconds: number | null;
  idle_seconds_left: number | null;
  gpu_memory_mib: number | null;
  group: string | null;
  upstream: string;
  last_error: string | null;
}

/** `GET /v1/status` of the manager. */
export interface ManagerStatus {
  gaming_mode: boolean;
  gpu: { free_mib: number | null; total_mib: number | null } | null;
  api_keys_required: boolean;
  models: ManagedModel[];
}
