/** Records from the microphone with MediaRecorder; `stop` resolves to the recorded clip. */
export class Recording {
  private readonly chunks: Blob[] = [];

  private constructor(
    private readonly recorder: MediaRecorder,
    private readonly stream: MediaStream,
  ) {
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
  }

  /** Asks for the microphone and starts recording. */
  static async start(): Promise<Recording> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      throw new Error("This browser cannot record audio here (recording needs HTTPS or localhost).");
    }
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const recording = new Recording(new MediaRecorder(stream), stream);
    recording.recorder.start(250);
    return recording;
  }

  /** Stops recording and releases the microphone. */
  stop(): Promise<Blob> {
    return new Promise((resolve) => {
      this.recorder.addEventListener("stop", () => {
        for (const track of this.stream.getTracks()) track.stop();
        resolve(new Blob(this.chunks, { type: this.recorder.mimeType || "audio/webm" }));
      });
      this.recorder.stop();
    });
  }
}

/** A file name for a recorded clip, with the extension its MIME type implies (the server decodes by content). */
export function recordingName(blob: Blob): string {
  const subtype = blob.type.split(";")[0]?.split("/")[1] ?? "webm";
  return `recording.${subtype === "mpeg" ? "mp3" : subtype}`;
}
