import { DomainError, newId, notFound } from '@counterpoint/core';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { mutate, SYSTEM_ACTOR, type Actor, type AuditEntry } from '../audit.js';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { SOURCE_KINDS, sourceDistricts, sources, type SourceKind } from '../schema/sources.js';

export { SOURCE_KINDS, type SourceKind };

export type SourceRow = typeof sources.$inferSelect;

export interface SourceDistrict {
  id: string;
  slug: string;
  name: string;
}

/** A source with the names of the districts it concerns, as lists and the CLI show it. */
export interface Source extends SourceRow {
  districts: SourceDistrict[];
}

/** Shortest schedule allowed: polling more often than this is unkind to the publisher. */
export const MIN_INTERVAL_MINUTES = 5;
/** Consecutive failures after which a source is paused until someone resumes it. */
export const DEFAULT_PAUSE_AFTER = 5;
/** Kinds the collector polls on a schedule; the others arrive by push, upload, a stream or the demo. */
export const POLLED_SOURCE_KINDS: readonly SourceKind[] = ['rss', 'mastodon'];

const httpUrl = z
  .string()
  .trim()
  .max(4096)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        // ws:// and wss:// for streams (Bluesky Jetstream); checkShape keeps them to that kind.
        return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && Boolean(u.hostname);
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// address (ws:// or wss:// for a Bluesky stream)' },
  );

const fields = {
  kind: z.enum(SOURCE_KINDS),
  name: z.string().trim().min(1, 'a name is needed').max(200),
  url: httpUrl.nullish(),
  query: z.string().trim().max(1000).nullish(),
  config: z.record(z.string(), z.unknown()).optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  enabled: z.boolean(),
  ownerId: z.string().min(1).nullish(),
  /** District slugs or ids. */
  districts: z.array(z.string().trim().min(1)).max(500),
};

const newSourceSchema = z.object({
  ...fields,
  intervalMinutes: fields.intervalMinutes.default(15),
  enabled: fields.enabled.default(true),
  districts: fields.districts.default([]),
});
const sourcePatchSchema = z.object(fields).omit({ kind: true }).partial();

export type NewSource = z.input<typeof newSourceSchema>;
export type SourcePatch = z.input<typeof sourcePatchSchema>;

function invalid(error: z.ZodError): DomainError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(source)', message: i.message }));
  return new DomainError(
    'invalid_input',
    `The source is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`,
    { issues },
  );
}

/** Rules across fields, checked on the source as it would be after the change. */
function checkShape(s: { kind: SourceKind; url?: string | null; intervalMinutes: number }): void {
  if (s.url && /^wss?:/i.test(s.url) !== (s.kind === 'bluesky')) {
    throw new DomainError(
      'invalid_input',
      s.kind === 'bluesky'
        ? 'A Bluesky stream needs a Jetstream address starting ws:// or wss://.'
        : 'Only a Bluesky stream takes a ws:// or wss:// address.',
      { field: 'url' },
    );
  }
  if (s.kind !== 'demo' && s.intervalMinutes < MIN_INTERVAL_MINUTES) {
    throw new DomainError(
      'invalid_input',
      `Sources are checked at most every ${MIN_INTERVAL_MINUTES} minutes.`,
      { field: 'intervalMinutes' },
    );
  }
  if ((s.kind === 'rss' || s.kind === 'mastodon') && !s.url) {
    throw new DomainError(
      'invalid_input',
      s.kind === 'rss'
        ? 'A feed source needs the feed address.'
        : 'A Mastodon source needs the instance address.',
      { field: 'url' },
    );
  }
}

/** District slugs or ids to ids; every one must exist. */
async function resolveDistricts(db: Db, refs: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(refs)];
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: districts.id, slug: districts.slug })
    .from(districts)
    .where(or(inArray(districts.slug, wanted), inArray(districts.id, wanted)));
  const missing = wanted.filter((r) => !rows.some((d) => d.id === r || d.slug === r));
  if (missing.length > 0) {
    throw new DomainError('invalid_input', `No such district: ${missing.join(', ')}.`, {
      field: 'districts',
      missing,
    });
  }
  return [...new Set(rows.map((d) => d.id))];
}

async function withDistricts(db: Db, rows: SourceRow[]): Promise<Source[]> {
  if (rows.length === 0) return [];
  const links = await db
    .select({
      sourceId: sourceDistricts.sourceId,
      id: districts.id,
      slug: districts.slug,
      name: districts.name,
    })
    .from(sourceDistricts)
    .innerJoin(districts, eq(districts.id, sourceDistricts.districtId))
    .where(
      inArray(
        sourceDistricts.sourceId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(districts.name));
  return rows.map((r) => ({
    ...r,
    districts: links.filter((l) => l.sourceId === r.id).map(({ id, slug, name }) => ({ id, slug, name })),
  }));
}

export async function createSource(db: Db, actor: Actor, input: NewSource): Promise<Source> {
  const parsed = newSourceSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const s = parsed.data;
  checkShape(s);
  const districtIds = await resolveDistricts(db, s.districts);
  const id = newId('source');
  await mutate(db, actor, async (tx) => {
    await tx.insert(sources).values({
      id,
      kind: s.kind,
      name: s.name,
      url: s.url ?? null,
      query: s.query ?? null,
      config: s.config ?? {},
      intervalMinutes: s.intervalMinutes,
      enabled: s.enabled,
      ownerId: s.ownerId ?? null,
    });
    if (districtIds.length > 0)
      await tx
        .insert(sourceDistricts)
        .values(districtIds.map((districtId) => ({ sourceId: id, districtId })));
    return {
      result: undefined,
      audit: {
        action: 'source.create',
        entityType: 'source',
        entityId: id,
        change: {
          kind: s.kind,
          name: s.name,
          url: s.url ?? null,
          query: s.query ?? null,
          intervalMinutes: s.intervalMinutes,
          enabled: s.enabled,
          districtIds,
        },
      },
    };
  });
  return (await getSource(db, id))!;
}

export async function updateSource(db: Db, actor: Actor, id: string, patch: SourcePatch): Promise<Source> {
  const parsed = sourcePatchSchema.safeParse(patch);
  if (!parsed.success) throw invalid(parsed.error);
  const p = parsed.data;
  const districtIds = p.districts ? await resolveDistricts(db, p.districts) : undefined;
  await mutate(db, actor, async (tx) => {
    const [before] = await tx.select().from(sources).where(eq(sources.id, id)).for('update');
    if (!before) throw notFound('Source', id);
    const { districts: _d, ...columns } = p;
    checkShape({
      kind: before.kind,
      url: columns.url === undefined ? before.url : columns.url,
      intervalMinutes: columns.intervalMinutes ?? before.intervalMinutes,
    });
    const set: Partial<typeof sources.$inferInsert> = { updatedAt: new Date() };
    if (columns.name !== undefined) set.name = columns.name;
    if (columns.url !== undefined) set.url = columns.url;
    if (columns.query !== undefined) set.query = columns.query;
    if (columns.config !== undefined) set.config = columns.config;
    if (columns.intervalMinutes !== undefined) set.intervalMinutes = columns.intervalMinutes;
    if (columns.enabled !== undefined) set.enabled = columns.enabled;
    if (columns.ownerId !== undefined) set.ownerId = columns.ownerId;
    // A new address is a new feed: the old validators and cursor say nothing about it.
    if (columns.url !== undefined && columns.url !== before.url) {
      set.etag = null;
      set.lastModified = null;
      set.cursor = null;
    }
    await tx.update(sources).set(set).where(eq(sources.id, id));
    if (districtIds) {
      await tx.delete(sourceDistricts).where(eq(sourceDistricts.sourceId, id));
      if (districtIds.length > 0)
        await tx
          .insert(sourceDistricts)
          .values(districtIds.map((districtId) => ({ sourceId: id, districtId })));
    }
    return {
      result: undefined,
      audit: {
        action: 'source.update',
        entityType: 'source',
        entityId: id,
        change: { ...columns, ...(districtIds ? { districtIds } : {}) },
      },
    };
  });
  return (await getSource(db, id))!;
}

/** Runs a small change to one source row with its audit entry; the row is locked while deciding. */
async function changeSource(
  db: Db,
  actor: Actor,
  id: string,
  decide: (before: SourceRow) => {
    set: Partial<typeof sources.$inferInsert>;
    audit: Omit<AuditEntry, 'entityType' | 'entityId'>[];
  },
): Promise<SourceRow> {
  return mutate(db, actor, async (tx) => {
    const [before] = await tx.select().from(sources).where(eq(sources.id, id)).for('update');
    if (!before) throw notFound('Source', id);
    const { set, audit } = decide(before);
    const [after] = await tx
      .update(sources)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(sources.id, id))
      .returning();
    return {
      result: after!,
      audit: audit.map((a) => ({ ...a, entityType: 'source', entityId: id })),
    };
  });
}

export function setSourceEnabled(db: Db, actor: Actor, id: string, enabled: boolean): Promise<SourceRow> {
  return changeSource(db, actor, id, () => ({
    set: { enabled },
    audit: [{ action: enabled ? 'source.enable' : 'source.disable', change: { enabled } }],
  }));
}

/** Clears an automatic (or manual) pause; the next scheduled run tries again from a clean count. */
export function resumeSource(db: Db, actor: Actor, id: string): Promise<SourceRow> {
  return changeSource(db, actor, id, (before) => ({
    set: { pausedAt: null, pausedReason: null, consecutiveFailures: 0, nextDueAt: null },
    audit: [
      {
        action: 'source.resume',
        change: { wasPaused: before.pausedAt !== null, pausedReason: before.pausedReason },
      },
    ],
  }));
}

export async function getSource(db: Db, id: string): Promise<Source | null> {
  const rows = await db.select().from(sources).where(eq(sources.id, id)).limit(1);
  const [source] = await withDistricts(db, rows);
  return source ?? null;
}

export async function listSources(db: Db, options: { kind?: SourceKind } = {}): Promise<Source[]> {
  const rows = await db
    .select()
    .from(sources)
    .where(options.kind ? eq(sources.kind, options.kind) : undefined)
    .orderBy(asc(sources.name), asc(sources.id));
  return withDistricts(db, rows);
}

/**
 * Sources whose turn it is: enabled, not paused, of a polled kind, and whose interval has passed
 * since the last attempt (success or failure), or never tried.
 */
export async function dueSources(
  db: Db,
  now: Date,
  kinds: readonly SourceKind[] = POLLED_SOURCE_KINDS,
): Promise<SourceRow[]> {
  if (kinds.length === 0) return [];
  return db
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.enabled, true),
        isNull(sources.pausedAt),
        inArray(sources.kind, [...kinds]),
        or(
          isNull(sources.lastFetchedAt),
          sql`${sources.lastFetchedAt} + make_interval(mins => ${sources.intervalMinutes}) <= ${now.toISOString()}::timestamptz`,
        ),
      ),
    )
    .orderBy(sql`${sources.lastFetchedAt} asc nulls first`, asc(sources.id));
}

export interface CollectSuccess {
  at?: Date;
  /** New conditional-GET validators and cursor; undefined keeps what is stored, null clears it. */
  etag?: string | null;
  lastModified?: string | null;
  cursor?: string | null;
  /** Raw items handed to ingestion by this run (for the audit trail; items_seen counts stored ones). */
  items?: number;
}

export function recordCollectSuccess(db: Db, id: string, outcome: CollectSuccess = {}): Promise<SourceRow> {
  const at = outcome.at ?? new Date();
  return changeSource(db, SYSTEM_ACTOR, id, (before) => {
    const set: Partial<typeof sources.$inferInsert> = {
      lastFetchedAt: at,
      lastSuccessAt: at,
      lastError: null,
      lastErrorAt: null,
      consecutiveFailures: 0,
      nextDueAt: new Date(at.getTime() + before.intervalMinutes * 60_000),
    };
    if (outcome.etag !== undefined) set.etag = outcome.etag;
    if (outcome.lastModified !== undefined) set.lastModified = outcome.lastModified;
    if (outcome.cursor !== undefined) set.cursor = outcome.cursor;
    return {
      set,
      audit: [
        {
          action: 'source.collect_success',
          change: {
            items: outcome.items ?? 0,
            ...(before.consecutiveFailures > 0 ? { recoveredAfter: before.consecutiveFailures } : {}),
          },
        },
      ],
    };
  });
}

/**
 * Records a failed collection in plain words. After `pauseAfter` failures in a row the source is
 * paused, with the reason, so a dead feed stops being fetched until a person looks at it.
 */
export function recordCollectFailure(
  db: Db,
  id: string,
  plainMessage: string,
  options: { pauseAfter?: number; at?: Date } = {},
): Promise<SourceRow> {
  const at = options.at ?? new Date();
  const pauseAfter = options.pauseAfter ?? DEFAULT_PAUSE_AFTER;
  const message = plainMessage.trim().slice(0, 2000) || 'The source could not be collected.';
  return changeSource(db, SYSTEM_ACTOR, id, (before) => {
    const failures = before.consecutiveFailures + 1;
    const pause = before.pausedAt === null && failures >= pauseAfter;
    const reason = `Paused automatically after ${failures} failures in a row. Last error: ${message}`;
    return {
      set: {
        lastFetchedAt: at,
        lastError: message,
        lastErrorAt: at,
        consecutiveFailures: failures,
        nextDueAt: new Date(at.getTime() + before.intervalMinutes * 60_000),
        ...(pause ? { pausedAt: at, pausedReason: reason } : {}),
      },
      audit: [
        { action: 'source.collect_failure', change: { error: message, consecutiveFailures: failures } },
        ...(pause ? [{ action: 'source.pause', change: { reason, automatic: true } }] : []),
      ],
    };
  });
}
