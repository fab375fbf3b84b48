import { DomainError } from '../errors/errors.js';
import { can, type Action, type Role } from '../permissions/permissions.js';

/**
 * The campaign and message workflows as pure rules. The database layer loads the rows, asks these
 * functions, and writes what they allow; the web app asks the same functions which buttons to show.
 */

export const CAMPAIGN_STATUS_ORDER = [
  'draft',
  'in_review',
  'approved',
  'live',
  'completed',
  'evaluated',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUS_ORDER)[number];

export type MessageStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type ActivityStatus = 'planned' | 'delivered' | 'cancelled';

export interface WorkflowActor {
  id: string;
  role: Role;
}

export interface CampaignFacts {
  status: CampaignStatus;
  ownerId: string | null;
  objective: string;
  startsOn: string | null;
  endsOn: string | null;
  districts: number;
  messages: ReadonlyArray<{ status: MessageStatus }>;
  activities: ReadonlyArray<{ status: ActivityStatus }>;
}

interface Step {
  to: CampaignStatus;
  action: Action;
  /** The button's words. */
  label: string;
}

/**
 * Forward along the life of a campaign, with two ways back: a supervisor returns a campaign under
 * review to draft, and an owner re-opens an approved campaign (which then needs approval again).
 */
const STEPS: Readonly<Record<CampaignStatus, readonly Step[]>> = {
  draft: [{ to: 'in_review', action: 'campaigns:edit', label: 'Submit for review' }],
  in_review: [
    { to: 'approved', action: 'campaigns:approve', label: 'Approve campaign' },
    { to: 'draft', action: 'campaigns:approve', label: 'Return to draft' },
  ],
  approved: [
    { to: 'live', action: 'campaigns:edit', label: 'Mark as live' },
    { to: 'draft', action: 'campaigns:edit', label: 'Re-open for changes' },
  ],
  live: [{ to: 'completed', action: 'campaigns:edit', label: 'Mark as completed' }],
  completed: [{ to: 'evaluated', action: 'campaigns:edit', label: 'Record evaluation' }],
  evaluated: [],
};

/** Why a step is not possible now, in words a person can act on; null when it is. */
function blocker(c: CampaignFacts, step: Step, actor: WorkflowActor): string | null {
  if (step.to === 'in_review') {
    if (!c.objective.trim()) return 'Write the objective before submitting.';
    if (!c.startsOn || !c.endsOn) return 'Set the start and end dates before submitting.';
    if (c.districts === 0) return 'Choose at least one district before submitting.';
  }
  if (c.status === 'in_review' && step.to === 'approved') {
    if (c.ownerId === actor.id) return 'You own this campaign, so another supervisor must approve it.';
    if (!c.messages.some((m) => m.status === 'approved'))
      return 'At least one message must be approved before the campaign is.';
    if (c.messages.some((m) => m.status === 'submitted'))
      return 'Review the messages waiting for approval first.';
  }
  if (step.to === 'evaluated' && c.activities.some((a) => a.status === 'planned'))
    return 'Mark every activity as delivered or cancelled before the evaluation.';
  return null;
}

export interface CampaignStepOption {
  to: CampaignStatus;
  label: string;
  /** Null when the actor may take the step now; otherwise why not. */
  blockedBy: string | null;
}

/** The steps this person's role allows from the campaign's status, each with what blocks it. */
export function campaignSteps(c: CampaignFacts, actor: WorkflowActor): CampaignStepOption[] {
  return STEPS[c.status]
    .filter((s) => can(actor.role, s.action))
    .map((s) => ({ to: s.to, label: s.label, blockedBy: blocker(c, s, actor) }));
}

/** Checks one status change; throws a DomainError that says why it is refused. */
export function assertCampaignTransition(c: CampaignFacts, to: CampaignStatus, actor: WorkflowActor): void {
  const step = STEPS[c.status].find((s) => s.to === to);
  if (!step)
    throw new DomainError(
      'invalid_state',
      `A campaign that is ${label(c.status)} cannot become ${label(to)}.`,
    );
  if (!can(actor.role, step.action))
    throw new DomainError('forbidden', `Your role cannot make a campaign ${label(to)}.`);
  const why = blocker(c, step, actor);
  if (why) throw new DomainError(why.startsWith('You own') ? 'four_eyes' : 'invalid_state', why);
}

/** Campaign details (objective, audiences, links…) change only while it is a draft. */
export function campaignEditable(status: CampaignStatus): boolean {
  return status === 'draft';
}

/** Activities and messages are planned until the campaign is completed. */
export function campaignPlanOpen(status: CampaignStatus): boolean {
  return status !== 'completed' && status !== 'evaluated';
}

function label(status: string): string {
  return status.replace(/_/g, ' ');
}

// ─── Messages ────────────────────────────────────────────────────────────────────────────────────

export interface MessageFacts {
  status: MessageStatus;
  authorId: string;
}

export type MessageAction = 'edit' | 'submit' | 'approve' | 'return';

/**
 * The four-eyes rule: whoever wrote a message never approves or returns it, whatever their role.
 * Only its author edits or submits it; a supervisor other than the author reviews it.
 */
export function assertMessageAction(
  m: MessageFacts,
  action: MessageAction,
  actor: WorkflowActor,
  comment?: string | null,
): void {
  switch (action) {
    case 'edit':
    case 'submit':
      if (!can(actor.role, 'campaigns:edit'))
        throw new DomainError('forbidden', 'Your role cannot draft messages.');
      if (m.authorId !== actor.id)
        throw new DomainError(
          'forbidden',
          'Only the person who drafted this message can change or submit it.',
        );
      if (m.status !== 'draft' && m.status !== 'returned')
        throw new DomainError(
          'invalid_state',
          m.status === 'approved'
            ? 'This message is approved and can no longer be changed.'
            : 'This message is waiting for review; it can be changed once it is returned.',
        );
      return;
    case 'approve':
    case 'return':
      if (!can(actor.role, 'campaigns:approve'))
        throw new DomainError('forbidden', 'Only a supervisor can approve or return messages.');
      if (m.authorId === actor.id)
        throw new DomainError('four_eyes', 'You wrote this message, so someone else must review it.');
      if (m.status !== 'submitted')
        throw new DomainError(
          'invalid_state',
          'Only a message submitted for review can be approved or returned.',
        );
      if (action === 'return' && !comment?.trim())
        throw new DomainError('invalid_input', 'Say what needs to change when returning a message.');
      return;
  }
}

/** The status a message takes after an allowed action. */
export function messageStatusAfter(action: MessageAction, current: MessageStatus): MessageStatus {
  switch (action) {
    case 'edit':
      return current;
    case 'submit':
      return 'submitted';
    case 'approve':
      return 'approved';
    case 'return':
      return 'returned';
  }
}

/** Which message actions to offer this person (the same rules, without throwing). */
export function messageActions(m: MessageFacts, actor: WorkflowActor): MessageAction[] {
  const all: MessageAction[] = ['edit', 'submit', 'approve', 'return'];
  return all.filter((a) => {
    try {
      assertMessageAction(m, a, actor, 'x');
      return true;
    } catch {
      return false;
    }
  });
}
