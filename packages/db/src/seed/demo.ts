import { newId, type Role } from '@counterpoint/core';
import { eq, inArray, sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import type { Db } from '../open.js';
import { hashPassword } from '../password.js';
import { ensureReferenceData } from '../reference.js';
import { districts, places } from '../schema/geography.js';
import { settings } from '../schema/privacy.js';
import { lexicons, lexiconTerms, lexiconVersions } from '../schema/scoring.js';
import { accounts, users } from '../schema/users.js';
import { dayFrom, must, recordSeeded, type SeedContext } from './context.js';
import { DEMO_COUNTY, DEMO_DISTRICTS, DEMO_PLACES, normalisePlaceName } from './demo-geography.js';
import { DEMO_TERMS } from './demo-lexicon.js';
import { DEMO_USERS } from './demo-people.js';
import { seedWork } from './demo-work-insert.js';

export interface DemoSignIn {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface SeedDemoResult {
  created: boolean;
  users: DemoSignIn[];
}

/** The settings row that says the demo workspace exists. */
export const DEMO_SEED_MARKER = 'demo_seed';
const SEED_LOCK = 0x64656d6f; // "demo"

async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ key: settings.key })
    .from(settings)
    .where(eq(settings.key, DEMO_SEED_MARKER));
  return row !== undefined;
}

/**
 * Seeds the fictional Elmshire workspace: the county and its districts, a gazetteer, one user per
 * role, the starter lexicon, sources, escalation routes, contacts, a campaign, outreach, training,
 * risks and spaces. No items or signals: the demo feed replay makes those through the pipeline.
 *
 * Safe to run on every start: it returns `created: false` once the marker exists, and a
 * transaction-scoped lock makes two processes starting together seed only once.
 */
export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  const signIns = DEMO_USERS.map(({ email, name, role, password }) => ({ email, name, role, password }));
  if (await isSeeded(db)) return { created: false, users: signIns };
  await ensureReferenceData(db);
  // argon2id is slow on purpose: hash before the transaction so it holds its locks briefly.
  const hashes: string[] = [];
  for (const u of DEMO_USERS) hashes.push(await hashPassword(u.password));

  const created = await mutate(db, SYSTEM_ACTOR, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await isSeeded(tx)) return { result: false, audit: [] };
    const ctx: SeedContext = {
      tx,
      now,
      districts: new Map(),
      users: new Map(),
      organisations: new Map(),
      contacts: new Map(),
      sources: new Map(),
      audit: [],
    };
    await seedGeography(ctx);
    await seedUsers(ctx, hashes);
    await seedLexicon(ctx);
    await seedWork(ctx);
    await tx
      .insert(settings)
      .values({ key: DEMO_SEED_MARKER, value: { version: 1, seededAt: now.toISOString() } });
    ctx.audit.push({
      action: 'seed.demo',
      entityType: 'setting',
      entityId: DEMO_SEED_MARKER,
      change: { version: 1 },
    });
    return { result: true, audit: ctx.audit };
  });
  return { created, users: signIns };
}

async function seedGeography(ctx: SeedContext): Promise<void> {
  const countyId = newId('district');
  const rows = [
    { id: countyId, parentId: null, tier: 'county' as const, ...DEMO_COUNTY },
    ...DEMO_DISTRICTS.map((d) => ({
      id: newId('district'),
      parentId: countyId,
      tier: 'district' as const,
      ...d,
    })),
  ];
  await ctx.tx.insert(districts).values(rows);
  for (const r of rows) ctx.districts.set(r.slug, r.id);
  recordSeeded(
    ctx,
    'district',
    rows.map((r) => r.id),
  );

  const placeRows = DEMO_PLACES.map((p) => ({
    id: newId('place'),
    districtId: must(ctx.districts, p.district),
    name: p.name,
    normalisedName: normalisePlaceName(p.name),
    kind: p.kind,
    aliases: p.aliases ?? [],
    ambiguous: p.ambiguous ?? false,
  }));
  await ctx.tx.insert(places).values(placeRows);
  recordSeeded(
    ctx,
    'place',
    placeRows.map((r) => r.id),
  );
}

async function seedUsers(ctx: SeedContext, hashes: string[]): Promise<void> {
  const rows = DEMO_USERS.map((u) => ({
    id: newId('user'),
    email: u.email,
    name: u.name,
    role: u.role,
    organisation: u.organisation,
    emailVerified: true,
  }));
  // Someone may already have made one of these people (say with `user add`): keep theirs.
  const inserted = await ctx.tx
    .insert(users)
    .values(rows)
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email });
  const fresh = new Set(inserted.map((r) => r.id));
  const accountRows = rows
    .map((r, i) => ({ r, hash: hashes[i]! }))
    .filter(({ r }) => fresh.has(r.id))
    .map(({ r, hash }) => ({
      id: newId('account'),
      accountId: r.id,
      providerId: 'credential',
      userId: r.id,
      password: hash,
    }));
  if (accountRows.length > 0) await ctx.tx.insert(accounts).values(accountRows);
  const all = await ctx.tx
    .select({ id: users.id, role: users.role, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_USERS.map((u) => u.email),
      ),
    );
  for (const u of DEMO_USERS) {
    const row = all.find((a) => a.email === u.email);
    if (row) ctx.users.set(u.role, row.id);
  }
  recordSeeded(ctx, 'user', [...fresh]);
}

async function seedLexicon(ctx: SeedContext): Promise<void> {
  const lexiconId = newId('lexicon');
  const versionId = newId('lexiconVersion');
  const supervisor = ctx.users.get('supervisor') ?? null;
  await ctx.tx.insert(lexicons).values({
    id: lexiconId,
    slug: 'starter',
    name: 'Starter lexicon',
    description:
      'Coded terms and slogans from public glossaries (ADL, HOPE not hate, ISD, GNET). A starting point for the partnership’s own review.',
  });
  await ctx.tx.insert(lexiconVersions).values({
    id: versionId,
    lexiconId,
    number: 1,
    status: 'published',
    note: 'Initial terms from public glossaries.',
    termCount: DEMO_TERMS.length,
    publishedAt: ctx.now,
  });
  const termRows = DEMO_TERMS.map((t) => ({
    id: newId('term'),
    versionId,
    termKey: t.key,
    phrase: t.phrase,
    matchMode: t.mode,
    weight: t.weight,
    category: t.category,
    suppressNear: t.suppressNear ?? [],
    requireAny: t.requireAny ?? [],
    window: t.window ?? 8,
    ownerId: supervisor,
    rationale: t.rationale,
    reviewOn: dayFrom(ctx.now, 180),
  }));
  await ctx.tx.insert(lexiconTerms).values(termRows);
  await ctx.tx.update(lexicons).set({ activeVersionId: versionId }).where(eq(lexicons.id, lexiconId));
  recordSeeded(ctx, 'lexicon', [lexiconId]);
  recordSeeded(ctx, 'lexicon_version', [versionId]);
  recordSeeded(
    ctx,
    'lexicon_term',
    termRows.map((r) => r.id),
  );
}
