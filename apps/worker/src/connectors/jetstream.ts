import { MAX_INGEST_BATCH } from '@counterpoint/core';
import type { RawItem } from '@counterpoint/core/normalise/index';
import WebSocket, { type ClientOptions } from 'ws';
import { USER_AGENT } from './safe-fetch.js';
import { checkStreamAddress, parseEvent, POST_COLLECTION, postToRawItem } from './jetstream-event.js';

/**
 * A long-running consumer of Bluesky's Jetstream (app.bsky.feed.post commits, as JSON over a
 * WebSocket). Posts that pass the lexicon prefilter are gathered into batches (at most 500, or
 * whatever has gathered every `flushIntervalMs`) and handed to `onBatch`, which queues them for
 * ingest. Only once that hand-off has resolved is the cursor (the time_us of the last event read
 * before the batch was cut) stored, so after a crash the stream is replayed from there: nothing
 * is lost, and what is read twice is absorbed by ingest (idempotent on source and external id).
 * If a hand-off fails, the unsaved batch is dropped and the stream is re-read from the stored
 * cursor. Closed or failed connections reconnect with exponential backoff and jitter.
 */
export interface JetstreamOptions {
  /** e.g. wss://jetstream2.us-east.bsky.network/subscribe */
  url: string;
  /** Keeps a post when true: built from the active lexicon, so only candidate posts are stored. */
  prefilter: (text: string) => boolean;
  /** Durable hand-off (queue for ingest); the cursor is stored only after it resolves. */
  onBatch: (items: RawItem[]) => Promise<void>;
  loadCursor: () => Promise<string | null>;
  saveCursor: (cursor: string) => Promise<void>;
  /** Health in plain words, on every change of state. */
  onStatus?: (status: JetstreamStatus) => void;
  batchSize?: number;
  flushIntervalMs?: number;
  /** Reconnecting rewinds this far (Jetstream advises a few seconds for gapless playback). */
  rewindUs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** FETCH_ALLOW_HOSTS: lets a private or loopback address through (tests, intranets). */
  allowHosts?: readonly string[];
  random?: () => number;
}

export type JetstreamState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';

export interface JetstreamStatus {
  state: JetstreamState;
  /** One line for the source's health panel. */
  message: string;
  cursor: string | null;
  events: number;
  matched: number;
  delivered: number;
  reconnects: number;
  lastError: string | null;
}

export class JetstreamConsumer {
  private readonly opts: Required<Omit<JetstreamOptions, 'onStatus' | 'allowHosts' | 'backoff'>> &
    Pick<JetstreamOptions, 'onStatus'>;
  private readonly allowHosts: readonly string[];
  private readonly backoff: { initialMs: number; maxMs: number };
  private ws: WebSocket | undefined;
  /** Matched posts not yet handed off, each with the time_us of its event. */
  private buffer: Array<{ item: RawItem; timeUs: number }> = [];
  /** time_us of the last event read; the cursor a batch cut now would carry. */
  private readCursor: number | null = null;
  private savedCursor: string | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private running = false;
  /** Bumped on every (re)connect and stop: late callbacks of an old connection are ignored. */
  private generation = 0;
  private current: JetstreamStatus = {
    state: 'idle',
    message: 'Not started',
    cursor: null,
    events: 0,
    matched: 0,
    delivered: 0,
    reconnects: 0,
    lastError: null,
  };

  constructor(options: JetstreamOptions) {
    this.opts = {
      url: options.url,
      prefilter: options.prefilter,
      onBatch: options.onBatch,
      loadCursor: options.loadCursor,
      saveCursor: options.saveCursor,
      onStatus: options.onStatus,
      batchSize: Math.min(MAX_INGEST_BATCH, Math.max(1, options.batchSize ?? MAX_INGEST_BATCH)),
      flushIntervalMs: options.flushIntervalMs ?? 5_000,
      rewindUs: options.rewindUs ?? 2_000_000,
      random: options.random ?? Math.random,
    };
    this.allowHosts = options.allowHosts ?? [];
    this.backoff = {
      initialMs: options.backoff?.initialMs ?? 1_000,
      maxMs: options.backoff?.maxMs ?? 60_000,
    };
  }

  status(): JetstreamStatus {
    return { ...this.current };
  }

  /** Loads the stored cursor and connects; resolves once the first connection attempt is under way. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.savedCursor = await this.opts.loadCursor();
    const n = Number(this.savedCursor);
    this.readCursor = this.savedCursor !== null && Number.isSafeInteger(n) ? n : null;
    this.update({ cursor: this.savedCursor });
    this.flushTimer = setInterval(() => this.flushSoon(), this.opts.flushIntervalMs);
    this.connect();
  }

  /**
   * Stops reading. By default what has gathered is handed off and the cursor stored first; with
   * `flush: false` it is dropped unsaved, as a crash would drop it (the next start re-reads it).
   */
  async stop(options: { flush?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    clearInterval(this.flushTimer);
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws) ws.terminate();
    if (options.flush === false) this.buffer = [];
    else {
      this.flushSoon(true);
      await this.flushing;
    }
    this.update({ state: 'stopped', message: 'Stopped' });
  }

  private connect(): void {
    if (!this.running) return;
    const gen = ++this.generation;
    const url = new URL(this.opts.url);
    url.searchParams.delete('wantedCollections');
    url.searchParams.delete('cursor');
    url.searchParams.append('wantedCollections', POST_COLLECTION);
    if (this.readCursor !== null)
      url.searchParams.set('cursor', String(Math.max(0, this.readCursor - this.opts.rewindUs)));
    this.update({ state: 'connecting', message: `Connecting to ${url.host}` });
    checkStreamAddress(this.opts.url, this.allowHosts).then(
      (lookup) => {
        if (gen !== this.generation) return;
        const options: ClientOptions & { lookup: typeof lookup } = {
          lookup,
          handshakeTimeout: 15_000,
          headers: { 'user-agent': USER_AGENT },
          maxPayload: 4 * 1024 * 1024,
        };
        const ws = new WebSocket(url, options);
        this.ws = ws;
        ws.on('open', () => {
          if (gen !== this.generation) return;
          this.update({ state: 'connected', message: `Reading posts from ${url.host}`, lastError: null });
        });
        ws.on('message', (data: WebSocket.RawData) => {
          if (gen === this.generation) this.onMessage(data);
        });
        ws.on('error', (err: Error) => {
          if (gen === this.generation) this.current.lastError = plainSocketError(err);
        });
        ws.on('close', (code: number) => {
          if (gen !== this.generation) return;
          this.retry(this.current.lastError ?? `The stream closed (code ${code})`);
        });
      },
      (err: unknown) => {
        if (gen === this.generation) this.retry(err instanceof Error ? err.message : String(err));
      },
    );
  }

  private onMessage(data: WebSocket.RawData): void {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    const event = parseEvent(text);
    if (!event) return;
    // Healthy again: the next failure starts its backoff from the beginning.
    this.attempt = 0;
    this.current.events++;
    if (this.readCursor === null || event.timeUs > this.readCursor) this.readCursor = event.timeUs;
    if (event.post && this.opts.prefilter(event.post.text)) {
      this.current.matched++;
      this.buffer.push({ item: postToRawItem(event.post), timeUs: event.timeUs });
      if (this.buffer.length >= this.opts.batchSize) this.flushSoon();
    }
    // Hand-offs slower than the stream: stop reading until the backlog is handed off.
    if (this.buffer.length >= this.opts.batchSize * 4 && this.ws && !this.ws.isPaused) this.ws.pause();
  }

  /** Cuts a batch now and queues its hand-off behind any running one. */
  private flushSoon(final = false): void {
    this.flushing = this.flushing.then(async () => {
      while (this.running || final) {
        const batch = this.buffer.splice(0, this.opts.batchSize);
        const items = batch.map((b) => b.item);
        // Everything read up to the cursor is in this batch, in an earlier one, or was filtered out:
        // all that was read when the buffer is emptied, else this batch's last event (which a
        // replay would read once more, harmlessly).
        const cursor =
          this.buffer.length === 0 && this.readCursor !== null
            ? String(this.readCursor)
            : batch.length > 0
              ? String(batch[batch.length - 1]!.timeUs)
              : null;
        if (items.length === 0 && (cursor === null || cursor === this.savedCursor)) return;
        try {
          if (items.length > 0) await this.opts.onBatch(items);
          // Stopped without flushing meanwhile (a simulated crash): a dead process stores nothing.
          if (!this.running && !final) return;
          // Never move the stored cursor back (a rewound replay re-reads events before it).
          if (cursor !== null && (this.savedCursor === null || Number(cursor) > Number(this.savedCursor))) {
            await this.opts.saveCursor(cursor);
            this.savedCursor = cursor;
          }
        } catch (err) {
          this.handOffFailed(err);
          return;
        }
        this.current.delivered += items.length;
        this.update({ cursor: this.savedCursor });
        if (this.ws?.isPaused && this.buffer.length < this.opts.batchSize) this.ws.resume();
      }
    });
  }

  /** The batch could not be queued: forget what is unsaved and re-read it from the stored cursor. */
  private handOffFailed(err: unknown): void {
    const why = `Posts could not be queued for ingest (${err instanceof Error ? err.message : String(err)})`;
    this.buffer = [];
    const n = Number(this.savedCursor);
    this.readCursor = this.savedCursor !== null && Number.isSafeInteger(n) ? n : null;
    if (!this.running) return;
    this.generation++;
    this.ws?.terminate();
    this.ws = undefined;
    this.retry(why);
  }

  private retry(reason: string): void {
    if (!this.running) return;
    this.generation++;
    this.ws?.terminate();
    this.ws = undefined;
    // Exponential backoff with jitter (half to all of the step), so many consumers do not reconnect in step.
    const step = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(this.attempt, 20));
    const delay = Math.round(step * (0.5 + this.opts.random() * 0.5));
    this.attempt++;
    this.current.reconnects++;
    this.update({
      state: 'waiting',
      lastError: reason,
      message: `${reason}; reconnecting in ${Math.max(1, Math.round(delay / 1000))} s`,
    });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private update(patch: Partial<JetstreamStatus>): void {
    this.current = { ...this.current, ...patch };
    this.opts.onStatus?.(this.status());
  }
}

function plainSocketError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'The Jetstream service refused the connection';
  if (code === 'ENOTFOUND') return 'The Jetstream host name could not be found';
  if (code === 'ECONNRESET') return 'The connection to Jetstream was cut';
  if (/Unexpected server response: (\d+)/.test(err.message))
    return `Jetstream refused the subscription (${err.message.replace('Unexpected server response: ', 'HTTP ')})`;
  if (/handshake has timed out/i.test(err.message)) return 'Jetstream did not answer in time';
  return `The connection to Jetstream failed (${err.message})`;
}
