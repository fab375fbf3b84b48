import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';

/** Tables the shell's summary counts, keyed by the name it shows them under. */
const COUNTED = {
  users: 'users',
  districts: 'districts',
  places: 'places',
  sources: 'sources',
  items: 'items',
  clusters: 'clusters',
  scores: 'scores',
  signals: 'signals',
  narratives: 'narratives',
  escalations: 'escalations',
  campaigns: 'campaigns',
  organisations: 'organisations',
  contacts: 'contacts',
  engagements: 'engagements',
  trainingSessions: 'training_sessions',
  risks: 'risks',
  spaces: 'spaces',
  lexiconTerms: 'lexicon_terms',
  auditLog: 'audit_log',
} as const;

export type Counts = Record<keyof typeof COUNTED, number>;

/**
 * Exact row counts for the main tables in one round trip. Fine for the shell and the CLI; at
 * millions of items use pg_class.reltuples estimates instead.
 */
export async function countAll(db: Db): Promise<Counts> {
  const parts = Object.entries(COUNTED).map(
    ([key, table]) => sql`(select count(*)::int from ${sql.identifier(table)}) as ${sql.identifier(key)}`,
  );
  const [row] = rowsOf<Record<string, number | string>>(
    await db.execute(sql`select ${sql.join(parts, sql`, `)}`),
  );
  const out = {} as Counts;
  for (const key of Object.keys(COUNTED) as Array<keyof Counts>) out[key] = Number(row?.[key] ?? 0);
  return out;
}
