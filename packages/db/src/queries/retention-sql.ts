import type { RetentionPlan } from '@counterpoint/core';
import { sql, type SQL } from 'drizzle-orm';

/**
 * The selections behind a retention run, as SQL conditions over one alias each. The dry run counts
 * with exactly these conditions and the real run deletes with them, batch by batch, so what the
 * preview shows is what the receipt records (as long as nothing else changes in between).
 *
 * Legal holds: a signal is held by its own hold or by a hold on any narrative it belongs to; a held
 * signal keeps every post in its cluster, and the identities those posts name.
 */

/** London midnight at the start of an ISO day, as an instant (compared with indexed columns). */
export function londonStart(day: string): SQL {
  return sql`((${day}::date)::timestamp at time zone 'Europe/London')`;
}

/** An active hold row or flag on the signal, or on a narrative it belongs to. */
export function signalHeld(s: SQL): SQL {
  return sql`(
    ${s}.legal_hold
    or exists (select 1 from legal_holds h
               where h.entity_type = 'signal' and h.entity_id = ${s}.id and h.released_at is null)
    or exists (select 1 from narrative_signals ns join narratives n on n.id = ns.narrative_id
               where ns.signal_id = ${s}.id
                 and (n.legal_hold or exists (select 1 from legal_holds h
                        where h.entity_type = 'narrative' and h.entity_id = n.id and h.released_at is null))))`;
}

/**
 * No post of the signal's cluster is younger than `bound`, and none falls on a day the trends job
 * may still recount (its counts would drop once the post is gone).
 */
function clusterSettled(s: SQL, bound: string, plan: RetentionPlan): SQL {
  return sql`not exists (
    select 1 from items ci where ci.cluster_id = ${s}.cluster_id
      and (ci.collected_at >= ${londonStart(bound)}
           or coalesce(ci.published_at, ci.collected_at) >= ${londonStart(plan.countsFinalBefore)}))`;
}

/** Items collected before the cut-off whose cluster never became a signal. */
export function unsignalledItem(i: SQL, plan: RetentionPlan): SQL {
  const cutoff = plan.cutoffs.items_unsignalled;
  if (cutoff === null) return sql`false`;
  return sql`(
    ${i}.collected_at < ${londonStart(cutoff)}
    and not exists (select 1 from signals us where us.cluster_id = ${i}.cluster_id)
    and not exists (select 1 from signals us where us.item_id = ${i}.id)
    and (coalesce(${i}.published_at, ${i}.collected_at) < ${londonStart(plan.countsFinalBefore)}
         or not exists (select 1 from scores sc
                        where sc.item_id = ${i}.id and sc.current and sc.category is not null)))`;
}

/**
 * Dismissed signals (still dismissed, or closed after a dismissal) never escalated, untouched since
 * before the cut-off, with no copy of the post seen since.
 */
export function dismissedSignal(s: SQL, plan: RetentionPlan, held: 'free' | 'held' = 'free'): SQL {
  const cutoff = plan.cutoffs.signals_dismissed;
  if (cutoff === null) return sql`false`;
  return sql`(
    (${s}.status = 'dismissed' or (${s}.status = 'closed' and ${s}.dismiss_reason is not null))
    and not exists (select 1 from escalations de where de.signal_id = ${s}.id)
    and ${s}.updated_at < ${londonStart(cutoff)}
    and ${s}.created_at < ${londonStart(plan.countsFinalBefore)}
    and ${clusterSettled(s, cutoff, plan)}
    and ${held === 'free' ? sql`not` : sql``} ${signalHeld(s)})`;
}

/** Signals that were escalated, with no activity on the signal or its escalations since the cut-off. */
export function escalatedSignal(s: SQL, plan: RetentionPlan, held: 'free' | 'held' = 'free'): SQL {
  const cutoff = plan.cutoffs.signals_escalated;
  if (cutoff === null) return sql`false`;
  const bound = londonStart(cutoff);
  return sql`(
    (${s}.status = 'escalated' or exists (select 1 from escalations ee where ee.signal_id = ${s}.id))
    and ${s}.updated_at < ${bound}
    and not exists (select 1 from escalations ee where ee.signal_id = ${s}.id
                    and greatest(ee.sent_at, ee.acknowledged_at, ee.closed_at, ee.updated_at) >= ${bound})
    and ${s}.created_at < ${londonStart(plan.countsFinalBefore)}
    and ${clusterSettled(s, cutoff, plan)}
    and ${held === 'free' ? sql`not` : sql``} ${signalHeld(s)})`;
}

/** The item goes in this run: unsignalled, or in the cluster of a signal that goes. */
function itemGoes(i: SQL, plan: RetentionPlan): SQL {
  return sql`(
    ${unsignalledItem(i, plan)}
    or exists (select 1 from signals gs where gs.cluster_id = ${i}.cluster_id
               and (${dismissedSignal(sql`gs`, plan)} or ${escalatedSignal(sql`gs`, plan)})))`;
}

/**
 * Identities no remaining post names (checked after the posts have gone, or — in a dry run —
 * against the posts that would remain), plus, with a period set, those last seen before it unless a
 * held post names them. Identities first seen today are left alone: ingestion may be about to store
 * the post that names them.
 */
export function identityGoes(d: SQL, plan: RetentionPlan, mode: 'preview' | 'after-items'): SQL {
  const remaining =
    mode === 'preview'
      ? sql`not exists (select 1 from items ri where ri.author_pseudonym = ${d}.pseudonym
                        and not ${itemGoes(sql`ri`, plan)})`
      : sql`not exists (select 1 from items ri where ri.author_pseudonym = ${d}.pseudonym)`;
  const cutoff = plan.cutoffs.identities;
  const expired =
    cutoff === null
      ? sql`false`
      : sql`(${d}.last_seen_at < ${londonStart(cutoff)}
             and not exists (select 1 from items hi join signals hs on hs.cluster_id = hi.cluster_id
                             where hi.author_pseudonym = ${d}.pseudonym and ${signalHeld(sql`hs`)}))`;
  return sql`(${d}.last_seen_at < ${londonStart(plan.today)} and (${remaining} or ${expired}))`;
}

/** Contacts held on consent whose consent expired more than the grace period ago, not yet erased. */
export function contactGoes(c: SQL, plan: RetentionPlan): SQL {
  const cutoff = plan.cutoffs.contacts;
  if (cutoff === null) return sql`false`;
  return sql`(
    ${c}.lawful_basis = 'consent' and ${c}.erased_at is null
    and ${c}.consent_expires_on is not null and ${c}.consent_expires_on < ${cutoff}::date)`;
}
