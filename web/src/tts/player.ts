/** Plays audio while it arrives. `finish` gets the whole file, for players that can only play it at the end. */
export interface StreamPlayer {
  /** How this player plays, for the page ("streaming (MediaSource)", …). */
  readonly mode: string;
  push(bytes: Uint8Array<ArrayBuffer>): void;
  finish(whole: Blob): void;
  stop(): void;
}

/**
 * The best player for a format: mp3 streams through MediaSource where the browser supports it; pcm and wav stream
 * through Web Audio as chunks arrive; anything else (opus, aac, flac, or mp3 without MediaSource) plays when complete.
 * Create it inside the click handler so the browser lets it play.
 */
export function playerFor(format: string, audio: HTMLAudioElement): StreamPlayer {
  if (format === "mp3" && typeof MediaSource !== "undefined" && MediaSource.isTypeSupported("audio/mpeg")) return new MediaSourcePlayer(audio);
  if (format === "pcm" || format === "wav") return new PcmPlayer(audio, format === "wav");
  return new WholeFilePlayer(audio);
}

function resetAudio(audio: HTMLAudioElement): void {
  audio.pause();
  if (audio.src.startsWith("blob:")) URL.revokeObjectURL(audio.src);
  audio.removeAttribute("src");
  audio.load();
}

class MediaSourcePlayer implements StreamPlayer {
  readonly mode = "streaming (MediaSource, mp3)";
  private readonly source = new MediaSource();
  private readonly queue: Uint8Array<ArrayBuffer>[] = [];
  private buffer: SourceBuffer | null = null;
  private ended = false;

  constructor(private readonly audio: HTMLAudioElement) {
    resetAudio(audio);
    this.source.addEventListener(
      "sourceopen",
      () => {
        this.buffer = this.source.addSourceBuffer("audio/mpeg");
        this.buffer.mode = "sequence";
        this.buffer.addEventListener("updateend", () => this.pump());
        this.pump();
      },
      { once: true },
    );
    audio.src = URL.createObjectURL(this.source);
    audio.play().catch(() => undefined); // playback starts as data arrives; a refused autoplay leaves the controls
  }

  push(bytes: Uint8Array<ArrayBuffer>): void {
    this.queue.push(bytes);
    this.pump();
  }

  finish(): void {
    this.ended = true;
    this.pump();
  }

  stop(): void {
    this.queue.length = 0;
    this.audio.pause();
  }

  private pump(): void {
    if (!this.buffer || this.buffer.updating || this.source.readyState !== "open") return;
    const next = this.queue.shift();
    if (next) this.buffer.appendBuffer(next);
    else if (this.ended) this.source.endOfStream();
  }
}

/** 16-bit little-endian mono 24 kHz samples scheduled back to back on an AudioContext. */
class PcmPlayer implements StreamPlayer {
  readonly mode: string;
  private readonly context = new AudioContext({ sampleRate: 24000 });
  private pending = new Uint8Array(0);
  private headerSkipped: boolean;
  private nextStart = 0;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly wav: boolean,
  ) {
    this.mode = `streaming (Web Audio, ${wav ? "wav" : "pcm"})`;
    this.headerSkipped = !wav;
    resetAudio(audio);
    void this.context.resume();
  }

  push(bytes: Uint8Array<ArrayBuffer>): void {
    let data = concat(this.pending, bytes);
    if (!this.headerSkipped) {
      const start = wavDataStart(data);
      if (start < 0) {
        this.pending = data;
        return;
      }
      this.headerSkipped = true;
      data = data.slice(start);
    }
    const usable = data.length - (data.length % 2);
    this.pending = data.slice(usable);
    if (usable === 0) return;
    const view = new DataView(data.buffer, data.byteOffset, usable);
    const buffer = this.context.createBuffer(1, usable / 2, 24000);
    const samples = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true) / 32768;
    const node = this.context.createBufferSource();
    node.buffer = buffer;
    node.connect(this.context.destination);
    this.nextStart = Math.max(this.nextStart, this.context.currentTime + 0.05);
    node.start(this.nextStart);
    this.nextStart += buffer.duration;
  }

  finish(whole: Blob): void {
    // A WAV file can be replayed and scrubbed in the audio element; raw pcm cannot (download it instead).
    if (this.wav) this.audio.src = URL.createObjectURL(whole);
  }

  stop(): void {
    void this.context.close();
  }
}

class WholeFilePlayer implements StreamPlayer {
  readonly mode = "when complete (this format cannot stream here)";

  constructor(private readonly audio: HTMLAudioElement) {
    resetAudio(audio);
  }

  push(): void {}

  finish(whole: Blob): void {
    this.audio.src = URL.createObjectURL(whole);
    this.audio.play().catch(() => undefined);
  }

  stop(): void {
    this.audio.pause();
  }
}

function concat(first: Uint8Array, second: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** Where a WAV header's "data" chunk's samples start, or -1 when the header has not fully arrived. */
function wavDataStart(bytes: Uint8Array): number {
  for (let i = 12; i + 8 <= bytes.length; i++) {
    if (bytes[i] === 0x64 && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x74 && bytes[i + 3] === 0x61) return i + 8;
  }
  return -1;
}
