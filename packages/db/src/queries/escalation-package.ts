import { buildEscalationPackage, DomainError, type EscalationPackage } from '@counterpoint/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { clusters, itemDistricts, items } from '../schema/items.js';
import { identityReveals } from '../schema/privacy.js';
import { scores } from '../schema/scoring.js';
import { users } from '../schema/users.js';

/**
 * Reads what a package may need about a signal and builds it with the core rule
 * (`buildEscalationPackage`): only the parts the route lists, plus route, reason and who decided.
 * Runs inside the escalating transaction.
 */
export async function packageForSignal(
  tx: Db,
  args: {
    signal: {
      id: string;
      itemId: string;
      clusterId: string;
      category: string | null;
      scoreId: string | null;
    };
    route: { id: string; name: string; kind: string; packageContents: string[] };
    reason: string;
    actorId: string;
    at: Date;
    revealId?: string | null | undefined;
  },
): Promise<{ pkg: EscalationPackage; contentUrl: string | null; revealId: string | null }> {
  const { signal } = args;
  const [item] = await tx
    .select({
      url: items.url,
      platform: items.platform,
      text: items.text,
      publishedAt: items.publishedAt,
      authorPseudonym: items.authorPseudonym,
    })
    .from(items)
    .where(eq(items.id, signal.itemId));
  const [score] = signal.scoreId
    ? await tx.select({ score: scores.score }).from(scores).where(eq(scores.id, signal.scoreId))
    : [];
  const [cluster] = await tx
    .select({
      size: clusters.size,
      firstSeenAt: clusters.firstSeenAt,
      lastSeenAt: clusters.lastSeenAt,
      // Bounded like the signal page: a huge cluster still costs one small count.
      sources:
        sql<number>`(select count(distinct i.source_id) from (select source_id from items where cluster_id = ${signal.clusterId} limit 1000) i)`.mapWith(
          Number,
        ),
    })
    .from(clusters)
    .where(eq(clusters.id, signal.clusterId));
  const places = await tx
    .select({ name: districts.name })
    .from(itemDistricts)
    .innerJoin(districts, eq(districts.id, itemDistricts.districtId))
    .where(eq(itemDistricts.itemId, signal.itemId))
    .orderBy(asc(districts.name));
  const [decider] = await tx.select({ name: users.name }).from(users).where(eq(users.id, args.actorId));

  let reveal: { id: string; pseudonym: string } | null = null;
  if (args.revealId) {
    const [r] = await tx
      .select({ id: identityReveals.id, pseudonym: identityReveals.pseudonym })
      .from(identityReveals)
      .where(
        and(
          eq(identityReveals.id, args.revealId),
          eq(identityReveals.status, 'approved'),
          sql`(${identityReveals.expiresAt} is null or ${identityReveals.expiresAt} > now())`,
        ),
      );
    if (!r || r.pseudonym !== item?.authorPseudonym)
      throw new DomainError(
        'invalid_input',
        "That identity reveal is not approved for this post's author (or it has expired), so no identity can go.",
      );
    reveal = r;
  }

  const pkg = buildEscalationPackage({
    facts: {
      signalId: signal.id,
      category: signal.category,
      score: score?.score ?? null,
      platform: item?.platform ?? null,
      url: item?.url ?? null,
      publishedAt: item?.publishedAt ?? null,
      text: item?.text ?? '',
      districts: places.map((p) => p.name),
      copies: cluster?.size ?? 1,
      sources: cluster?.sources ?? 1,
      firstSeenAt: cluster?.firstSeenAt ?? null,
      lastSeenAt: cluster?.lastSeenAt ?? null,
    },
    route: {
      id: args.route.id,
      name: args.route.name,
      kind: args.route.kind,
      contents: args.route.packageContents,
    },
    reason: args.reason,
    decidedBy: { id: args.actorId, name: decider?.name ?? 'Unknown' },
    decidedAt: args.at,
    reveal,
  });
  return { pkg, contentUrl: item?.url ?? null, revealId: reveal?.id ?? null };
}
