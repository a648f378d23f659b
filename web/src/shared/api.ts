import { askForKey } from "./dialogs";

const keyStorage = "localai.apiKey";

/** An error the server answered in OpenAI's envelope (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface Envelope {
  error?: { message?: string; param?: string | null; code?: string | null };
}

/** Reads OpenAI's error envelope from a failed response's text. */
export function errorFromText(status: number, statusText: string, text: string): ApiError {
  try {
    const envelope = JSON.parse(text) as Envelope;
    if (envelope.error?.message) return new ApiError(status, envelope.error.message, envelope.error.param ?? null, envelope.error.code ?? null);
  } catch {
    // Not JSON (a proxy's HTML page, say): fall back to the status line.
  }
  return new ApiError(status, `${status} ${statusText || "error"}${text ? `: ${text.slice(0, 200)}` : ""}`);
}

async function errorFrom(response: Response): Promise<ApiError> {
  return errorFromText(response.status, response.statusText, await response.text());
}

/**
 * Calls the server's API with the key the person typed (kept in sessionStorage only, sent as a Bearer token).
 * A 401 asks for a key and retries, so a page works the same with and without keys configured.
 */
export class ApiClient {
  private pendingKey: Promise<string | null> | null = null;

  /** Called when a key is stored or forgotten (the page shows a "forget" button while one is kept). */
  onKeyChange: () => void = () => {};

  /** The stored key, if any. */
  get key(): string | null {
    return sessionStorage.getItem(keyStorage);
  }

  /** Forgets the stored key. */
  forgetKey(): void {
    sessionStorage.removeItem(keyStorage);
    this.onKeyChange();
  }

  /** The headers every call carries: the key, if one is stored. */
  authHeaders(): Record<string, string> {
    const key = this.key;
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  /** A fetch that adds the key and asks for one on a 401. Resolves to any other response, ok or not. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    for (;;) {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(this.authHeaders())) headers.set(name, value);
      let response: Response;
      try {
        response = await fetch(path, { ...init, headers });
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") throw error;
        throw new ApiError(0, `The server did not answer (${error instanceof Error ? error.message : String(error)}).`);
      }
      if (response.status !== 401) return response;
      const refused = await errorFrom(response);
      if (!(await this.obtainKey(refused.message))) throw refused;
    }
  }

  /** Calls the API and reads its JSON answer; a failure throws the server's message as an ApiError. */
  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.fetch(path, init);
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  /** Sends a JSON body and reads the JSON answer. */
  send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.json<T>(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
  }

  /** Fetches a response that must succeed and returns its body as a Blob. */
  async blob(path: string, init: RequestInit = {}): Promise<Blob> {
    const response = await this.fetch(path, init);
    if (!response.ok) throw await errorFrom(response);
    return await response.blob();
  }

  /** Throws the server's error for a failed response; returns it otherwise. */
  async ensureOk(response: Response): Promise<Response> {
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  /** Posts a multipart form with XMLHttpRequest, which reports upload progress (fetch does not). */
  async upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
    for (;;) {
      const result = await new Promise<{ status: number; statusText: string; text: string }>((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("POST", path);
        for (const [name, value] of Object.entries(this.authHeaders())) request.setRequestHeader(name, value);
        request.upload.addEventListener("progress", (event) => {
          if (event.lengthComputable) onProgress(event.loaded / event.total);
        });
        request.addEventListener("load", () => resolve({ status: request.status, statusText: request.statusText, text: request.responseText }));
        request.addEventListener("error", () => reject(new ApiError(0, "The upload failed: the server closed the connection (is the file over the size limit?).")));
        request.send(form);
      });
      if (result.status >= 200 && result.status < 300) return JSON.parse(result.text) as T;
      const error = errorFromText(result.status, result.statusText, result.text);
      if (result.status !== 401 || !(await this.obtainKey(error.message))) throw error;
    }
  }

  private async obtainKey(reason: string): Promise<boolean> {
    // Several calls refused at once share one prompt.
    this.pendingKey ??= askForKey(reason).finally(() => {
      this.pendingKey = null;
    });
    const key = await this.pendingKey;
    if (!key) return false;
    sessionStorage.setItem(keyStorage, key);
    this.onKeyChange();
    return true;
  }
}
