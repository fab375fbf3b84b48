import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Db } from '../open.js';
import { intArray, jsonArray, nestedTextArray, textArray, timeArray } from './ingest-arrays.js';
import { storedBands } from './ingest-clusters.js';
import type { IngestItem } from './ingest.js';

/**
 * Baselines for the ingest benchmark (research/performance.md §9, goal R1): the same rows written
 * into the same `items` table by COPY FROM STDIN, and by a bare unnest INSERT with no identities,
 * clusters, districts or audit. Not used by the application.
 */

const COLUMNS = `id, source_id, platform, external_id, url, title, text, language, published_at,
  author_pseudonym, media_urls, engagement, text_hash, simhash_hi, simhash_lo, band0, band1, band2, band3`;

function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return v
    .replace(/\u0000/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function copyLine(sourceId: string, i: IngestItem): string {
  const b = storedBands(i);
  return `${[
    newId('item'),
    sourceId,
    i.platform,
    i.externalId,
    i.url,
    i.title,
    i.text,
    i.language,
    i.publishedAt?.toISOString() ?? null,
    i.authorPseudonym,
    textArray(i.mediaUrls),
    i.engagement ? JSON.stringify(i.engagement) : null,
    i.textHash,
    String(i.simhash.hi),
    String(i.simhash.lo),
    ...b.map(String),
  ]
    .map(copyField)
    .join('\t')}\n`;
}

/** COPY the items into `items` through a separate postgres.js connection, in 64 KB chunks. */
export async function copyItemsBaseline(
  url: string,
  sourceId: string,
  items: readonly IngestItem[],
): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const writable = await client.unsafe(`copy items (${COLUMNS}) from stdin`).writable();
    function* chunks() {
      let buf = '';
      for (const item of items) {
        buf += copyLine(sourceId, item);
        if (buf.length >= 65536) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    await pipeline(Readable.from(chunks()), writable);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** One bare `INSERT … SELECT unnest(…)` per call, in its own transaction: no clustering. */
export async function unnestItemsBaseline(
  db: Db,
  sourceId: string,
  items: readonly IngestItem[],
): Promise<void> {
  const b = items.map(storedBands);
  await db.execute(sql`
    insert into items (${sql.raw(COLUMNS)})
    select u.id, ${sourceId}, u.platform, u.external_id, u.url, u.title, u.text, u.language,
      u.published_at::timestamptz, u.author_pseudonym, u.media_urls::text[], u.engagement::jsonb,
      u.text_hash, u.hi, u.lo, u.b0, u.b1, u.b2, u.b3
    from unnest(
      ${textArray(items.map(() => newId('item')))}::text[], ${textArray(items.map((i) => i.platform))}::text[],
      ${textArray(items.map((i) => i.externalId))}::text[], ${textArray(items.map((i) => i.url))}::text[],
      ${textArray(items.map((i) => i.title))}::text[], ${textArray(items.map((i) => i.text))}::text[],
      ${textArray(items.map((i) => i.language))}::text[], ${timeArray(items.map((i) => i.publishedAt))}::text[],
      ${textArray(items.map((i) => i.authorPseudonym))}::text[],
      ${nestedTextArray(items.map((i) => i.mediaUrls))}::text[], ${jsonArray(items.map((i) => i.engagement))}::text[],
      ${textArray(items.map((i) => i.textHash))}::text[],
      ${intArray(items.map((i) => i.simhash.hi))}::int4[], ${intArray(items.map((i) => i.simhash.lo))}::int4[],
      ${intArray(b.map((x) => x[0]))}::int4[], ${intArray(b.map((x) => x[1]))}::int4[],
      ${intArray(b.map((x) => x[2]))}::int4[], ${intArray(b.map((x) => x[3]))}::int4[]
    ) as u(id, platform, external_id, url, title, text, language, published_at, author_pseudonym,
           media_urls, engagement, text_hash, hi, lo, b0, b1, b2, b3)
    on conflict (source_id, external_id) do nothing`);
}
