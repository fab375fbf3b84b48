import { afterAll, beforeAll, expect, it } from 'vitest';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { auditVocabulary, searchAudit } from './audit-viewer.js';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
  const entries = [
    ['signal.dismissed', 'signal'],
    ['signal.labelled', 'signal'],
    ['signal.dismissed', 'signal'],
    ['narrative.created', 'narrative'],
    ['audit.verified', 'audit_log'],
  ] as const;
  for (const [i, [action, entityType]] of entries.entries())
    await mutate(d.db, SYSTEM_ACTOR, () =>
      Promise.resolve({ result: null, audit: { action, entityType, entityId: `e${i}`, change: { i } } }),
    );
});
afterAll(async () => {
  await d?.drop();
});

it('lists each entity type and action once, in order, for the filter’s suggestions', async () => {
  expect(await auditVocabulary(d.db)).toEqual({
    entityTypes: ['audit_log', 'narrative', 'signal'],
    actions: ['audit.verified', 'narrative.created', 'signal.dismissed', 'signal.labelled'],
  });
});

it('filters by an action or its prefix, newest first', async () => {
  const exact = await searchAudit(d.db, { action: 'signal.dismissed' });
  expect(exact.rows.map((r) => r.entityId)).toEqual(['e2', 'e0']);
  const prefix = await searchAudit(d.db, { action: 'signal' });
  expect(prefix.rows.map((r) => r.entityId)).toEqual(['e2', 'e1', 'e0']);
});
