import {
  encryptIdentity,
  MIN_SIMHASH_FEATURES,
  pseudonym,
  simhashFeatures,
  simhashOf,
  textHash,
  type IdentityKey,
} from '@counterpoint/core';
import { normaliseItems, type NormaliseContext, type Rejected } from '@counterpoint/core/normalise/index';
import type { IngestItem } from '@counterpoint/db';
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
  const ctx: NormaliseContext = {};
  if (options.baseUrl) ctx.baseUrl = options.baseUrl;
  if (options.now) ctx.now = options.now;
  const { items, rejected } = normaliseItems(rawItems, ctx);
  const districtIds = [...options.sourceDistricts];
  const sealed = new Map<string, NonNullable<IngestItem['identity']>>();
  const prepared = items.map((n): IngestItem => {
    let authorPseudonym: string | null = null;
    let identity: IngestItem['identity'] = null;
    if (n.author) {
      authorPseudonym = pseudonym(options.pseudonymSecret, n.platform, n.author.handle);
      // One sealing per author per batch: the identity row is upserted once per pseudonym anyway.
      identity = sealed.get(authorPseudonym) ?? null;
      if (!identity) {
        identity = {
          pseudonym: authorPseudonym,
          platform: n.platform,
          ...encryptIdentity(options.identityKey, n.author, authorPseudonym),
        };
        sealed.set(authorPseudonym, identity);
      }
    }
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
      language: n.language,
      publishedAt: n.publishedAt,
      mediaUrls: n.mediaUrls,
      engagement: n.engagement,
      authorPseudonym,
      identity,
      textHash: textHash(body),
      simhash: simhashOf(features),
      nearDuplicateEligible: features.length >= MIN_SIMHASH_FEATURES,
      districtIds,
    };
  });
  return { items: prepared, rejected };
}
