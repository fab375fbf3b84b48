import {
  compileLexicon,
  DEFAULT_THRESHOLDS,
  fuseScore,
  matchText,
  type CompiledLexicon,
  type LexiconResult,
  type LexiconTerm,
} from '@counterpoint/core';
import { and, desc, gte, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { items } from '../schema/items.js';
import { currentLexiconSummary, versionTerms } from './lexicon.js';

/**
 * A dry run answers "what would this change have flagged?": it re-matches the items collected in
 * the last N days with the draft lexicon and with the active one, and counts the items whose
 * lexicon-only band moves across the triage line (signal or uncertain = flagged). Items are read in
 * keyset batches by id and the scan stops at `maxItems`, so a dry run is bounded whatever the
 * volume; `truncated` says when it stopped early.
 */

export interface DryRunExample {
  itemId: string;
  collectedAt: Date;
  /** Up to ~280 characters around the first match; span offsets are relative to the excerpt. */
  excerpt: string;
  spans: { start: number; end: number; phrase: string; category: string; suppressed?: string }[];
  scoreBefore: number;
  scoreAfter: number;
}

export interface DryRunBucket {
  count: number;
  examples: DryRunExample[];
}

export interface DryRunResult {
  days: number;
  scanned: number;
  truncated: boolean;
  newlyFlagged: DryRunBucket;
  stopFlagging: DryRunBucket;
  unchanged: { count: number; flagged: number };
  activeVersionId: string | null;
  ms: number;
}

export interface DryRunOptions {
  days: number;
  batchSize?: number;
  maxItems?: number;
  examples?: number;
  now?: Date;
}

const EXCERPT = 280;

function flagged(result: LexiconResult): { score: number; flagged: boolean } {
  const fused = fuseScore({ lexicon: result, thresholds: DEFAULT_THRESHOLDS });
  return { score: fused.score, flagged: fused.band !== 'below' };
}

function example(
  itemId: string,
  collectedAt: Date,
  text: string,
  result: LexiconResult,
  before: number,
  after: number,
): DryRunExample {
  const first = result.matches[0];
  const from = first ? Math.max(0, Math.min(first.start - 80, text.length - EXCERPT)) : 0;
  const to = Math.min(text.length, from + EXCERPT);
  const excerpt = text.slice(from, to);
  const spans = result.matches
    .filter((m) => m.start >= from && m.end <= to)
    .map((m) => ({
      start: m.start - from,
      end: m.end - from,
      phrase: m.phrase,
      category: m.category,
      ...(m.suppressed ? { suppressed: m.suppressed } : {}),
    }));
  return { itemId, collectedAt, excerpt, spans, scoreBefore: before, scoreAfter: after };
}

/** Compare `draftTerms` with the active lexicon over recent items. */
export async function dryRunLexicon(
  db: Db,
  draftTerms: readonly LexiconTerm[],
  options: DryRunOptions,
): Promise<DryRunResult> {
  const started = performance.now();
  const days = Math.max(1, Math.min(365, Math.floor(options.days)));
  const batchSize = options.batchSize ?? 1000;
  const maxItems = options.maxItems ?? 50_000;
  const keep = options.examples ?? 20;
  const since = new Date((options.now ?? new Date()).getTime() - days * 86_400_000);
  const lexicon = await currentLexiconSummary(db);
  const activeTerms = lexicon?.activeVersionId ? await versionTerms(db, lexicon.activeVersionId) : [];
  const draft: CompiledLexicon = compileLexicon(draftTerms, { version: 'draft' });
  const active: CompiledLexicon = compileLexicon(activeTerms, {
    version: lexicon?.activeVersionId ?? 'none',
  });
  const out: DryRunResult = {
    days,
    scanned: 0,
    truncated: false,
    newlyFlagged: { count: 0, examples: [] },
    stopFlagging: { count: 0, examples: [] },
    unchanged: { count: 0, flagged: 0 },
    activeVersionId: lexicon?.activeVersionId ?? null,
    ms: 0,
  };
  // Newest first on the (collected_at, id) index, resuming after the last row of each batch.
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const limit = Math.min(batchSize, maxItems - out.scanned);
    const batch: { id: string; title: string | null; text: string; collectedAt: Date; at: string }[] =
      await db
        .select({
          id: items.id,
          title: items.title,
          text: items.text,
          collectedAt: items.collectedAt,
          // Exact to the microsecond for the keyset (a Date would round to milliseconds).
          at: sql<string>`${items.collectedAt}::text`,
        })
        .from(items)
        .where(
          and(
            gte(items.collectedAt, since),
            after
              ? sql`(${items.collectedAt}, ${items.id}) < (${after.at}::timestamptz, ${after.id})`
              : undefined,
          ),
        )
        .orderBy(desc(items.collectedAt), desc(items.id))
        .limit(limit);
    for (const item of batch) {
      const text = item.text || item.title || '';
      const a = matchText(active, text);
      const d = matchText(draft, text);
      const fa = flagged(a);
      const fd = flagged(d);
      if (fd.flagged && !fa.flagged) {
        out.newlyFlagged.count++;
        if (out.newlyFlagged.examples.length < keep)
          out.newlyFlagged.examples.push(example(item.id, item.collectedAt, text, d, fa.score, fd.score));
      } else if (fa.flagged && !fd.flagged) {
        out.stopFlagging.count++;
        if (out.stopFlagging.examples.length < keep)
          out.stopFlagging.examples.push(example(item.id, item.collectedAt, text, a, fa.score, fd.score));
      } else {
        out.unchanged.count++;
        if (fa.flagged) out.unchanged.flagged++;
      }
    }
    out.scanned += batch.length;
    if (batch.length < limit) break;
    if (out.scanned >= maxItems) {
      out.truncated = true;
      break;
    }
    const last = batch[batch.length - 1] as { id: string; at: string };
    after = { at: last.at, id: last.id };
  }
  out.ms = Math.round(performance.now() - started);
  return out;
}
