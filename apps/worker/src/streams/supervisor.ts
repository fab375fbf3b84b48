import type { Config, JobPort } from '@counterpoint/core';
import { listSources, recordCollectFailure, recordCollectSuccess, type Db } from '@counterpoint/db';
import { jetstreamForSource, lexiconPrefilter } from '../connectors/jetstream-source.js';
import type { JetstreamConsumer } from '../connectors/jetstream.js';
import type { Logger } from '../logger.js';
import { currentLexicon } from '../scoring/lexicon-cache.js';

/**
 * Who may run a stream. Embedded mode has one process, so it always may. With several worker
 * processes, each stream must have exactly one consumer, or every post would be read N times: a
 * lease with an expiry in Redis decides, renewed on every refresh, and taken over by another worker
 * within a minute or two when its holder dies (the cursor makes the hand-over lossless).
 */
export interface StreamLeases {
  claim(sourceId: string): Promise<boolean>;
  release(sourceId: string): Promise<void>;
}

export const soleProcessLeases: StreamLeases = {
  claim: () => Promise.resolve(true),
  release: () => Promise.resolve(),
};

const DEFAULT_JETSTREAM = 'wss://jetstream2.us-east.bsky.network/subscribe';

interface Running {
  consumer: JetstreamConsumer;
  lexiconVersion: string;
  url: string;
  lastReported: string | null;
}

/**
 * Runs one Jetstream consumer per enabled Bluesky source and keeps the set in step with the
 * sources table (checked every `refreshMs`): added or re-enabled sources start, disabled or
 * removed ones stop, a new lexicon version restarts the consumer with a new prefilter. Health goes
 * to the source like any collector's: success while connected, the plain error otherwise.
 */
export class StreamSupervisor {
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: Db;
      enqueue: JobPort['enqueue'];
      config: Pick<Config, 'FETCH_ALLOW_HOSTS'>;
      logger: Logger;
      leases?: StreamLeases;
      refreshMs?: number;
    },
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refreshing = this.refreshing
        .then(() => this.refresh())
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'stream refresh failed');
        });
    }, this.deps.refreshMs ?? 30_000);
  }

  async refresh(): Promise<void> {
    const { db, logger } = this.deps;
    const leases = this.deps.leases ?? soleProcessLeases;
    const wanted = (await listSources(db, { kind: 'bluesky' })).filter((s) => s.enabled && !s.pausedAt);
    const lexicon = await currentLexicon(db, logger);
    for (const [id, run] of this.running) {
      const source = wanted.find((s) => s.id === id);
      const url = source?.url ?? DEFAULT_JETSTREAM;
      if (!source || !lexicon || run.lexiconVersion !== lexicon.version || run.url !== url) {
        await this.stopOne(id);
      }
    }
    if (!lexicon) return;
    for (const source of wanted) {
      const run = this.running.get(source.id);
      if (run) {
        if (!(await leases.claim(source.id))) await this.stopOne(source.id);
        else await this.report(source.id, run);
        continue;
      }
      if (!(await leases.claim(source.id))) continue;
      const url = source.url ?? DEFAULT_JETSTREAM;
      const consumer = jetstreamForSource(db, this.deps.enqueue, source.id, {
        url,
        prefilter: lexiconPrefilter(lexicon),
        allowHosts: this.deps.config.FETCH_ALLOW_HOSTS,
      });
      this.running.set(source.id, { consumer, lexiconVersion: lexicon.version, url, lastReported: null });
      await consumer.start();
      logger.info({ sourceId: source.id, url }, 'Bluesky stream started');
    }
  }

  /** Source health from the consumer's state, written only when it changes. */
  private async report(sourceId: string, run: Running): Promise<void> {
    const s = run.consumer.status();
    const key = s.state === 'connected' ? 'ok' : (s.lastError ?? s.message);
    if (key === run.lastReported) return;
    run.lastReported = key;
    if (s.state === 'connected') await recordCollectSuccess(this.deps.db, sourceId, {});
    else if (s.lastError)
      await recordCollectFailure(this.deps.db, sourceId, s.lastError, { pauseAfter: 1_000 });
  }

  private async stopOne(id: string): Promise<void> {
    const run = this.running.get(id);
    if (!run) return;
    this.running.delete(id);
    await run.consumer.stop({ flush: true });
    await (this.deps.leases ?? soleProcessLeases).release(id);
    this.deps.logger.info({ sourceId: id }, 'Bluesky stream stopped');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.refreshing;
    for (const id of [...this.running.keys()]) await this.stopOne(id);
  }

  streams(): string[] {
    return [...this.running.keys()];
  }
}
