import { daysBetween } from './dates.js';
import { FieldReader, splitTopics, type FieldParse } from './fields.js';

/** The outreach log and the training record, as their forms give them. */

// Kept equal to the database's CHECK lists (a db test compares them).
export const ENGAGEMENT_KIND_CODES = ['meeting', 'workshop', 'event', 'call', 'visit'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KIND_CODES)[number];

export const TRAINING_SECTOR_CODES = [
  'police',
  'education',
  'health',
  'social_care',
  'district_council',
  'voluntary_sector',
] as const;
export type TrainingSector = (typeof TRAINING_SECTOR_CODES)[number];

export const MAX_TOPICS = 12;

export interface FollowUpInput {
  description: string;
  ownerId: string;
  dueOn: string;
}

export interface EngagementInput {
  kind: EngagementKind;
  title: string;
  occurredOn: string;
  districtId: string | null;
  topics: string[];
  notes: string;
  outcome: string | null;
  organisationIds: string[];
  contactIds: string[];
  narrativeIds: string[];
  campaignIds: string[];
  followUps: FollowUpInput[];
}

export interface EngagementValues {
  fields: Readonly<Record<string, string | undefined>>;
  organisationIds: readonly string[];
  contactIds: readonly string[];
  narrativeIds: readonly string[];
  campaignIds: readonly string[];
  /** Follow-up rows; a row with neither a description nor a due date is ignored. */
  followUps: ReadonlyArray<{ description: string; ownerId: string; dueOn: string }>;
}

const unique = (ids: readonly string[]) => [...new Set(ids.map((i) => i.trim()).filter(Boolean))];

/** A follow-up needs all three parts: what, who and by when. */
export function parseFollowUp(
  values: Readonly<Record<string, string | undefined>>,
  prefix = '',
): FieldParse<FollowUpInput> {
  const r = new FieldReader(values);
  const description = r.text(`${prefix}description`, 'What needs doing', 500, true);
  const ownerId = r.text(`${prefix}ownerId`, 'Owner', 64, true);
  const dueOn = r.day(`${prefix}dueOn`, 'Due date', true);
  return r.done({ description: description ?? '', ownerId: ownerId ?? '', dueOn: dueOn ?? '' });
}

/**
 * Reads an engagement. It is a log of what happened, so its date may not be in the future (plans
 * belong in Campaigns); a follow-up may not be due before the engagement took place.
 */
export function parseEngagementInput(input: EngagementValues, today: string): FieldParse<EngagementInput> {
  const r = new FieldReader(input.fields);
  const kind = r.oneOf('kind', 'Type', ENGAGEMENT_KIND_CODES, true);
  const title = r.text('title', 'Title', 200, true);
  const occurredOn = r.day('occurredOn', 'Date', true);
  if (occurredOn && occurredOn > today)
    r.fail('occurredOn', 'The log records what happened: the date cannot be in the future.');
  const districtId = r.text('districtId', 'District', 64);
  const topics = splitTopics(r.raw('topics'));
  if (topics.length > MAX_TOPICS) r.fail('topics', `Give at most ${MAX_TOPICS} topics.`);
  if (topics.some((t) => t.length > 80)) r.fail('topics', 'Each topic must be at most 80 characters.');
  const notes = r.text('notes', 'Notes', 5000) ?? '';
  const outcome = r.text('outcome', 'Outcome', 1000);
  const followUps: FollowUpInput[] = [];
  input.followUps.forEach((f, i) => {
    // The owner is preselected on a new row, so a row counts as blank when nothing was typed in it.
    if (!f.description.trim() && !f.dueOn.trim()) return;
    const parsed = parseFollowUp({ description: f.description, ownerId: f.ownerId, dueOn: f.dueOn });
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.errors))
        r.fail(`followUps.${i}.${field}`, message);
      return;
    }
    if (occurredOn && daysBetween(occurredOn, parsed.value.dueOn) < 0)
      r.fail(`followUps.${i}.dueOn`, 'A follow-up cannot be due before the engagement took place.');
    followUps.push(parsed.value);
  });
  return r.done({
    kind: kind ?? 'meeting',
    title: title ?? '',
    occurredOn: occurredOn ?? '',
    districtId,
    topics,
    notes,
    outcome,
    organisationIds: unique(input.organisationIds),
    contactIds: unique(input.contactIds),
    narrativeIds: unique(input.narrativeIds),
    campaignIds: unique(input.campaignIds),
    followUps,
  });
}

export type FollowUpState = 'overdue' | 'due_today' | 'due_soon' | 'later' | 'done';

/** Where a follow-up stands on `today`; "soon" is the coming week. */
export function followUpState(dueOn: string | null, done: boolean, today: string): FollowUpState {
  if (done) return 'done';
  if (!dueOn) return 'later';
  const days = daysBetween(today, dueOn);
  if (days < 0) return 'overdue';
  if (days === 0) return 'due_today';
  return days <= 7 ? 'due_soon' : 'later';
}

export interface TrainingInput {
  deliveredOn: string;
  module: string;
  sector: TrainingSector;
  districtId: string | null;
  attendees: number;
  /** Mean feedback on the 1–5 scale, one decimal place, or null when none was collected. */
  feedbackScore: number | null;
  trainer: string | null;
  notes: string;
}

export function parseTrainingInput(
  values: Readonly<Record<string, string | undefined>>,
  today: string,
): FieldParse<TrainingInput> {
  const r = new FieldReader(values);
  const deliveredOn = r.day('deliveredOn', 'Date delivered', true);
  if (deliveredOn && deliveredOn > today)
    r.fail('deliveredOn', 'Record sessions once delivered: the date cannot be in the future.');
  const module = r.text('module', 'Module', 200, true);
  const sector = r.oneOf('sector', 'Sector', TRAINING_SECTOR_CODES, true);
  const districtId = r.text('districtId', 'District', 64);
  const attendees = r.integer('attendees', 'Attendees', 1, 5000);
  if (attendees === null && !r.errors.attendees) r.fail('attendees', 'Attendees is required.');
  let feedbackScore: number | null = null;
  const feedback = r.raw('feedbackScore');
  if (feedback) {
    const n = Number(feedback);
    if (!/^\d(\.\d)?$/.test(feedback) || n < 1 || n > 5)
      r.fail(
        'feedbackScore',
        'Feedback is the mean score from 1 to 5, to one decimal place (for example 4.3).',
      );
    else feedbackScore = n;
  }
  return r.done({
    deliveredOn: deliveredOn ?? '',
    module: module ?? '',
    sector: sector ?? 'police',
    districtId,
    attendees: attendees ?? 0,
    feedbackScore,
    trainer: r.text('trainer', 'Trainer', 200),
    notes: r.text('notes', 'Notes', 2000) ?? '',
  });
}
