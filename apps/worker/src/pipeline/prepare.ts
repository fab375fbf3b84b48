import {
  encryptIdentity,
  MIN_SIMHASH_FEATURES,
  pseudonym,
  simhashFeatures,
  simhashOf,
  textHash,
  type IdentityKey,
} from '@counterpoint/core';
import {
  detectItemLanguage,
  normaliseItems,
  type NormaliseContext,
  type NormalisedItem,
  type Rejected,
} from '@counterpoint/core/normalise/index';
import type { IngestIdentity, IngestItem, ScoreDraft } from '@counterpoint/db';
import { scrubReferences } from './references.js';

export interface PrepareOptions {
  /** HMAC secret for author pseudonyms (PSEUDONYM_SECRET). */
  pseudonymSecret: string;
  /** AES-256-GCM key for identities (IDENTITY_KEY), with its version. */
  identityKey: IdentityKey;
  /** Districts every item of this source concerns. */
  sourceDistricts: readonly string[];
  /** Resolves relative links (the feed's or instance's address). */
  baseUrl?: string;
  now?: Date;
  /**
   * Scores each item (the ingest job passes the active lexicon's scorer). With it, language is
   * detected only for items at or above the uncertain band, the ones that can become signals:
   * language is read nowhere else (docs/performance.md, "Language detection").
   */
  score?: (item: { title: string | null; text: string }) => ScoreDraft;
}

/**
 * Sealed identities by pseudonym, kept across batches: sealing is an AES-GCM encryption and a
 * random IV per author, and the database keeps the first sealed copy anyway (identities are
 * upserted by pseudonym), so sealing a known author again is wasted work. Bounded, oldest out.
 */
const SEALED_MAX = 20_000;
let sealedKey = '';
const sealedCache = new Map<string, IngestIdentity>();

function sealedFor(options: PrepareOptions): Map<string, IngestIdentity> {
  const keyId = `${options.identityKey.version}:${Buffer.from(options.identityKey.key).toString('base64')}`;
  if (keyId !== sealedKey) {
    sealedCache.clear();
    sealedKey = keyId;
  }
  return sealedCache;
}

export interface PreparedBatch {
  items: IngestItem[];
  /** Items refused by normalisation, with the reason in plain words. */
  rejected: Rejected[];
}

/**
 * The ingest job's CPU step, before the one database write: normalise and validate each raw item,
 * replace its author by a pseudonym and a sealed identity (the handle never leaves this function
 * in clear), and compute the exact and near-duplicate fingerprints.
 */
export function prepareBatch(rawItems: readonly unknown[], options: PrepareOptions): PreparedBatch {
  const { items, rejected } = normaliseItems(rawItems, normaliseContext(options));
  const prepare = itemPreparer(options);
  return { items: items.map(prepare), rejected };
}

/** Items prepared between two turns of the event loop in `prepareBatchInSlices`. */
export const PREPARE_SLICE = 25;

/**
 * `prepareBatch` that hands the event loop back every `sliceSize` items. A worker runs several
 * ingest jobs at once, and one of them may be inside its transaction, holding the ingest lock
 * while it waits for PostgreSQL's answers; preparing a batch of 1,000 in one go (a few hundred ms)
 * would leave those answers unread, and every other worker's ingest waiting on the lock, for that
 * long. Normalisation, about a tenth of the work, still runs over the whole batch at once: it
 * refuses repeats within the batch.
 */
export async function prepareBatchInSlices(
  rawItems: readonly unknown[],
  options: PrepareOptions,
  sliceSize = PREPARE_SLICE,
): Promise<PreparedBatch> {
  const { items, rejected } = normaliseItems(rawItems, normaliseContext(options));
  const prepare = itemPreparer(options);
  const prepared: IngestItem[] = [];
  for (let i = 0; i < items.length; i += sliceSize) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const n of items.slice(i, i + sliceSize)) prepared.push(prepare(n));
  }
  return { items: prepared, rejected };
}

function normaliseContext(options: PrepareOptions): NormaliseContext {
  const ctx: NormaliseContext = {};
  if (options.baseUrl) ctx.baseUrl = options.baseUrl;
  if (options.now) ctx.now = options.now;
  if (options.score) ctx.deferLanguage = true;
  return ctx;
}

function itemPreparer(options: PrepareOptions): (n: NormalisedItem) => IngestItem {
  const districtIds = [...options.sourceDistricts];
  const sealed = sealedFor(options);
  return (n) => {
    let authorPseudonym: string | null = null;
    let identity: IngestItem['identity'] = null;
    if (n.author) {
      authorPseudonym = pseudonym(options.pseudonymSecret, n.platform, n.author.handle);
      identity = sealed.get(authorPseudonym) ?? null;
      if (!identity) {
        identity = {
          pseudonym: authorPseudonym,
          platform: n.platform,
          ...encryptIdentity(options.identityKey, n.author, authorPseudonym),
        };
        if (sealed.size >= SEALED_MAX) sealed.delete(sealed.keys().next().value!);
        sealed.set(authorPseudonym, identity);
      }
    }
    const score = options.score?.(n) ?? null;
    const language = n.language ?? (score?.band === 'below' ? null : detectItemLanguage(n, n.languageHint));
    // A title-only item (a headline) is compared by its title.
    const body = n.text || n.title || '';
    const features = simhashFeatures(body);
    const refs = scrubReferences(
      { externalId: n.externalId, url: n.url },
      n.platform,
      n.author?.handle,
      options.pseudonymSecret,
    );
    return {
      platform: n.platform,
      externalId: refs.externalId,
      url: refs.url,
      title: n.title,
      text: n.text,
      language,
      publishedAt: n.publishedAt,
      mediaUrls: n.mediaUrls,
      engagement: n.engagement,
      authorPseudonym,
      identity,
      textHash: textHash(body),
      simhash: simhashOf(features),
      nearDuplicateEligible: features.length >= MIN_SIMHASH_FEATURES,
      districtIds,
      ...(options.score ? { score } : {}),
    };
  };
}
