import type { QueueFilter } from '@counterpoint/db';
import { statusOf, type QueueParams } from './queue-params.js';

/** The queue's URL filters as the query understands them ('me' resolved to the person asking). */
export function filterFrom(p: QueueParams, me: string): QueueFilter {
  return {
    status: statusOf(p),
    category: p.category,
    districtId: p.district,
    sourceId: p.source,
    language: p.language,
    band: p.band === 'signal' || p.band === 'uncertain' ? p.band : undefined,
    assignee:
      p.assignee === 'me'
        ? { kind: 'user', id: me }
        : p.assignee === 'none'
          ? { kind: 'none' }
          : p.assignee
            ? { kind: 'user', id: p.assignee }
            : undefined,
    from: p.from,
    to: p.to,
    q: p.q,
    sort: p.sort === 'newest' ? 'newest' : 'priority',
  };
}
