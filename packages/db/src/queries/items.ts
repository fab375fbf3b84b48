import { asc, eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { clusters, identities, items } from '../schema/items.js';

export type Item = typeof items.$inferSelect;
export type Cluster = typeof clusters.$inferSelect;

export async function getItem(db: Db, id: string): Promise<Item | undefined> {
  const [row] = await db.select().from(items).where(eq(items.id, id)).limit(1);
  return row;
}

export async function getCluster(db: Db, id: string): Promise<Cluster | undefined> {
  const [row] = await db.select().from(clusters).where(eq(clusters.id, id)).limit(1);
  return row;
}

/** The items of one cluster, oldest first (a cluster is the copies of one post across sources). */
export async function clusterItems(db: Db, clusterId: string, limit = 200): Promise<Item[]> {
  return db.select().from(items).where(eq(items.clusterId, clusterId)).orderBy(asc(items.id)).limit(limit);
}

/**
 * The sealed identity behind a pseudonym, still encrypted. Decrypting it is a reveal, which needs
 * an approved request: callers outside the reveal workflow must not decrypt what this returns.
 */
export async function sealedIdentity(
  db: Db,
  pseudonym: string,
): Promise<
  { ciphertext: string; iv: string; tag: string; keyVersion: number; platform: string } | undefined
> {
  const [row] = await db
    .select({
      ciphertext: identities.ciphertext,
      iv: identities.iv,
      tag: identities.tag,
      keyVersion: identities.keyVersion,
      platform: identities.platform,
    })
    .from(identities)
    .where(eq(identities.pseudonym, pseudonym))
    .limit(1);
  return row;
}
