import { humanise } from '$lib/format.js';

/** One audit row of a risk's timeline in words ("Status: open → treating"). */

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  districtId: 'area',
  likelihood: 'likelihood',
  impact: 'impact',
  ownerId: 'owner',
  reviewOn: 'review date',
  dueOn: 'due date',
  status: 'status',
};

type Change = Record<string, unknown>;
const obj = (v: unknown): Change => (v && typeof v === 'object' ? (v as Change) : {});
const str = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** Changed fields as "likelihood 4 → 5"; long or opaque values (descriptions, ids) by name only. */
function changes(from: Change, to: Change): string {
  return Object.keys(to)
    .map((k) => {
      const word = FIELD_WORDS[k] ?? k;
      if (k === 'likelihood' || k === 'impact' || k === 'reviewOn' || k === 'dueOn' || k === 'status')
        return `${word} ${humanise(str(from[k])) || '—'} → ${humanise(str(to[k])) || '—'}`;
      return word;
    })
    .join(', ');
}

export function describeEntry(action: string, changeValue: unknown): { what: string; detail: string } {
  const c = obj(changeValue);
  switch (action) {
    case 'risk.created':
      return { what: 'Added the risk to the register', detail: '' };
    case 'risk.updated': {
      const rating = obj(c.rating);
      const moved =
        rating.from !== rating.to
          ? ` (rating ${humanise(str(rating.from))} → ${humanise(str(rating.to))})`
          : '';
      return {
        what: 'Edited the risk',
        detail: `${changes(obj(c.from), obj(c.to)) || 'no fields changed'}${moved}`,
      };
    }
    case 'risk.status_changed':
      return { what: `Status ${humanise(str(c.from))} → ${humanise(str(c.to))}`, detail: str(c.reason) };
    case 'risk.linked':
      return { what: `Linked ${str(c.type)}`, detail: str(c.label) };
    case 'risk.unlinked':
      return { what: `Removed a linked ${str(c.type)}`, detail: '' };
    case 'plan_action.created':
      return { what: 'Added a plan action', detail: str(c.title) };
    case 'plan_action.updated':
      return { what: 'Updated a plan action', detail: changes(obj(c.from), obj(c.to)) };
    case 'note.added':
      return { what: 'Note', detail: str(c.body) };
    default:
      return { what: humanise(action.replace('.', ' ')), detail: '' };
  }
}
