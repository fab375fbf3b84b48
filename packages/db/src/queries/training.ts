import { DomainError, newId, type TrainingInput } from '@counterpoint/core';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { trainingSessions } from '../schema/outreach.js';

/** The training record: sessions delivered to partner sectors, and uptake by sector and district. */

export interface TrainingFilter {
  from?: string;
  to?: string;
  sector?: string;
  districtId?: string;
}

function whereOf(filter: TrainingFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.from) where.push(gte(trainingSessions.deliveredOn, filter.from));
  if (filter.to) where.push(lte(trainingSessions.deliveredOn, filter.to));
  if (filter.sector) where.push(sql`${trainingSessions.sector} = ${filter.sector}`);
  if (filter.districtId) where.push(eq(trainingSessions.districtId, filter.districtId));
  return where.length > 0 ? and(...where) : undefined;
}

export interface TrainingSessionItem {
  id: string;
  deliveredOn: string;
  module: string;
  sector: string;
  district: string | null;
  attendees: number;
  feedbackScore: number | null;
  trainer: string | null;
}

export async function listTrainingSessions(
  db: Db,
  filter: TrainingFilter = {},
  limit = 300,
): Promise<TrainingSessionItem[]> {
  return db
    .select({
      id: trainingSessions.id,
      deliveredOn: trainingSessions.deliveredOn,
      module: trainingSessions.module,
      sector: trainingSessions.sector,
      district: districts.name,
      attendees: trainingSessions.attendees,
      feedbackScore: sql<number | null>`${trainingSessions.feedbackScore}::float8`,
      trainer: trainingSessions.trainer,
    })
    .from(trainingSessions)
    .leftJoin(districts, eq(districts.id, trainingSessions.districtId))
    .where(whereOf(filter))
    .orderBy(desc(trainingSessions.deliveredOn), desc(trainingSessions.id))
    .limit(limit);
}

export interface UptakeRow {
  key: string;
  label: string;
  sessions: number;
  attendees: number;
  /** Mean of session scores weighted by attendees, over sessions that collected feedback. */
  feedback: number | null;
}

/**
 * Uptake grouped by sector or by district. Feedback is weighted by attendees: a session of 40
 * should count for more than a session of 4.
 */
export async function trainingUptake(
  db: Db,
  by: 'sector' | 'district',
  filter: TrainingFilter = {},
): Promise<UptakeRow[]> {
  const key =
    by === 'sector' ? trainingSessions.sector : sql<string>`coalesce(${trainingSessions.districtId}, '')`;
  const label =
    by === 'sector' ? trainingSessions.sector : sql<string>`coalesce(${districts.name}, 'County-wide')`;
  const rows = await db
    .select({
      key: sql<string>`${key}`,
      label: sql<string>`${label}`,
      sessions: sql<number>`count(*)::int`,
      attendees: sql<number>`coalesce(sum(${trainingSessions.attendees}), 0)::int`,
      feedback: sql<
        number | null
      >`(sum(${trainingSessions.feedbackScore} * ${trainingSessions.attendees}) filter (where ${trainingSessions.feedbackScore} is not null) / nullif(sum(${trainingSessions.attendees}) filter (where ${trainingSessions.feedbackScore} is not null), 0))::float8`,
    })
    .from(trainingSessions)
    .leftJoin(districts, eq(districts.id, trainingSessions.districtId))
    .where(whereOf(filter))
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`4 desc`, sql`2 asc`);
  return rows.map((r) => ({ ...r, feedback: r.feedback === null ? null : Math.round(r.feedback * 10) / 10 }));
}

export async function recordTrainingSession(db: Db, actor: Actor, input: TrainingInput): Promise<string> {
  return mutate(db, actor, async (tx) => {
    if (input.districtId) {
      const [d] = await tx
        .select({ id: districts.id })
        .from(districts)
        .where(eq(districts.id, input.districtId));
      if (!d)
        throw new DomainError('invalid_input', 'That district does not exist.', { field: 'districtId' });
    }
    const id = newId('training');
    await tx.insert(trainingSessions).values({
      id,
      ...input,
      feedbackScore: input.feedbackScore === null ? null : input.feedbackScore.toFixed(1),
    });
    return {
      result: id,
      audit: {
        action: 'training.recorded',
        entityType: 'training_session',
        entityId: id,
        change: {
          deliveredOn: input.deliveredOn,
          module: input.module,
          sector: input.sector,
          districtId: input.districtId,
          attendees: input.attendees,
          feedbackScore: input.feedbackScore,
        },
      },
    };
  });
}
