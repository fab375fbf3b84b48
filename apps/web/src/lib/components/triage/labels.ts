/** Plain words for triage codes: timeline actions, statuses and badge tones. */

const ACTIONS: Record<string, string> = {
  'signal.claimed': 'Assigned for review',
  'signal.released': 'Returned to the queue',
  'signal.dismissed': 'Dismissed',
  'signal.escalated': 'Escalated',
  'signal.closed': 'Closed',
  'signal.labelled': 'Labelled',
  'signal.linked': 'Linked to a narrative',
  'note.added': 'Note added',
  'item.ingested': 'Post collected',
  'cluster.merged': 'Copies grouped',
  'escalation.acknowledged': 'Escalation acknowledged',
  'escalation.closed': 'Escalation closed',
  'escalation.content_removed': 'Reported post removed',
  'escalation.content_online': 'Reported post checked: still online',
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** The one-line detail a timeline row shows under its title, from the audit change. */
export function describeChange(action: string, change: unknown): string {
  const c = (change ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (action) {
    case 'signal.dismissed':
      return `Reason: ${s(c.reason)}`;
    case 'signal.escalated':
      return `To ${s(c.route)} — ${s(c.reason)}`;
    case 'signal.labelled':
      return c.relevant
        ? `Relevant${c.correctedCategory ? ` · category corrected to ${s(c.correctedCategory).replace(/_/g, ' ')}` : ''}`
        : 'Not relevant';
    case 'note.added':
      return s(c.body).slice(0, 160);
    case 'escalation.acknowledged':
      return s(c.note);
    case 'escalation.closed':
      return `Outcome: ${s(c.outcome)}`;
    case 'escalation.content_removed':
      return `${s(c.detail)}${c.lastSeenOnlineAt ? ' · last seen online at the check before' : ''}`;
    default:
      return '';
  }
}

export function statusTone(status: string): string {
  if (status === 'new') return 'accent';
  if (status === 'escalated') return 'danger';
  if (status === 'in_review') return 'warning';
  if (status === 'dismissed' || status === 'closed') return '';
  return 'success';
}

/** A pseudonym's short form: enough to tell authors apart on screen, never the real handle. */
export function shortPseudonym(p: string | null | undefined): string {
  return p ? `anon-${p.slice(0, 8)}` : 'Unknown author';
}

/** "4 min", "3 h", "2 d" since a time. */
export function age(from: Date | string | number, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(from).getTime();
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

export function duration(from: Date | string, to: Date | string): string {
  return age(from, new Date(to));
}
