import type { Db } from '@counterpoint/db';
import {
  addTestCopies,
  createTestSignal,
  setTestSoftLimit,
  type TestSignalInput,
} from '@counterpoint/db/queries/signals-testing';

/**
 * Triage test data written straight into a test database (no worker): fictional posts about the
 * fictional county of Elmshire, in the style of the demo feed, with the spans the scorer would
 * have stored. Every account, place and post is invented.
 */

const HOUR = 3_600_000;

export const TRIAGE_FIXTURES: ReadonlyArray<TestSignalInput & { key: string }> = [
  {
    key: 'replacement',
    text: 'The great replacement is happening right here in Kestrelbury. Look who the council housed on Vale Meadows this month.',
    terms: [{ phrase: 'great replacement', category: 'conspiracy', weight: 0.85 }],
    category: 'conspiracy',
    score: 85,
    clusterSize: 3,
    sourceName: 'Mastodon #kestrelbury',
    districtSlugs: ['kestrel-vale'],
    createdAt: new Date(Date.now() - 2 * HOUR),
  },
  {
    key: 'remigration',
    text: 'Remigration now. Harlowby lads, meet at the business park on Saturday and bring flags.',
    terms: [{ phrase: 'remigration', category: 'extreme_right', weight: 0.7 }],
    category: 'extreme_right',
    score: 70,
    sourceName: 'Mastodon #harlowby',
    districtSlugs: ['north-elmshire'],
    createdAt: new Date(Date.now() - 5 * HOUR),
  },
  {
    key: 'condemn',
    text: 'We condemn the great replacement leaflets pushed through doors in Moorside. Hate has no home here.',
    terms: [
      {
        phrase: 'great replacement',
        category: 'conspiracy',
        weight: 0.85,
        suppressed: 'counter-speech nearby: "condemn"',
      },
    ],
    category: 'conspiracy',
    score: 38,
    uncertain: true,
    sourceName: 'Elmshire community feed',
    districtSlugs: ['elmford'],
    createdAt: new Date(Date.now() - 26 * HOUR),
  },
  {
    key: 'codes',
    text: 'Proud of the 1488 crew tonight. Elmford will wake up soon, the fourteen words say it all.',
    terms: [
      { phrase: '1488', category: 'extreme_right', weight: 0.9 },
      { phrase: 'fourteen words', category: 'extreme_right', weight: 0.8 },
    ],
    category: 'extreme_right',
    score: 92,
    clusterSize: 2,
    sourceName: 'Mastodon #elmford',
    districtSlugs: ['elmford'],
    mediaUrls: ['https://media.example.org/elmford-banner.jpg'],
    createdAt: new Date(Date.now() - 40 * 60_000),
  },
  {
    key: 'plandemic',
    text: 'They will lock Kestrelbury down again next winter, the plandemic was only a rehearsal. Wake up.',
    terms: [{ phrase: 'plandemic', category: 'conspiracy', weight: 0.6 }],
    category: 'conspiracy',
    score: 60,
    sourceName: 'Elmshire community feed',
    districtSlugs: ['kestrel-vale'],
    createdAt: new Date(Date.now() - 9 * HOUR),
  },
  {
    key: 'invaders',
    text: 'Another boat of invaders on the news tonight and the hotel on Mill Road is full again.',
    terms: [{ phrase: 'invaders', category: 'anti_minority', weight: 0.55 }],
    category: 'anti_minority',
    score: 55,
    uncertain: true,
    sourceName: 'Mastodon #harlowby',
    districtSlugs: ['north-elmshire'],
    createdAt: new Date(Date.now() - 30 * HOUR),
  },
];

/** Writes the fixtures and returns their ids by key. */
export async function seedTriageSignals(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of TRIAGE_FIXTURES) out[f.key] = (await createTestSignal(db, f)).id;
  return out;
}

export { addTestCopies, createTestSignal, setTestSoftLimit };
