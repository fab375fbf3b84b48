import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  listDistrictSummaries,
  listEngagementSummaries,
  listNarrativeSummaries,
  listPlaceSummaries,
  listRecentAudit,
  listRiskSummaries,
  shellCounts,
} from './web-shell.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});

afterAll(async () => {
  await t?.drop();
});

describe('web shell summaries', () => {
  it('counts the gazetteer per district, county first', async () => {
    const districts = await listDistrictSummaries(t.db);
    const places = await listPlaceSummaries(t.db, 1000);
    const counts = await shellCounts(t.db);
    expect(districts[0]?.tier).toBe('county');
    expect(districts.length).toBe(counts.districts);
    expect(districts.reduce((n, d) => n + d.places, 0)).toBe(counts.places);
    expect(places.length).toBe(counts.places);
    expect(districts.filter((d) => d.tier === 'district').every((d) => d.parentName)).toBe(true);
  });

  it('lists the other areas with their correlated counts', async () => {
    const counts = await shellCounts(t.db);
    const engagements = await listEngagementSummaries(t.db);
    expect(engagements.length).toBe(counts.engagementsTotal);
    expect(engagements.reduce((n, e) => n + e.openFollowUps, 0)).toBe(counts.followUpsOpen);
    expect((await listNarrativeSummaries(t.db)).length).toBe(counts.narrativesTotal);
    const risks = await listRiskSummaries(t.db);
    for (let i = 1; i < risks.length; i++) {
      expect(risks[i - 1]!.likelihood * risks[i - 1]!.impact).toBeGreaterThanOrEqual(
        risks[i]!.likelihood * risks[i]!.impact,
      );
    }
    const audit = await listRecentAudit(t.db, 5);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.seq).toBeGreaterThan(audit[audit.length - 1]!.seq - 1);
  });
});
