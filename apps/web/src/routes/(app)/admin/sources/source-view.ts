import { POLLED_SOURCE_KINDS, type Source, type SourceKind } from '@counterpoint/db';

/** How a source's health reads at a glance; colour is always paired with these words. */
export type HealthState = 'healthy' | 'failing' | 'paused' | 'off' | 'waiting';

export const KIND_LABELS: Record<SourceKind, string> = {
  rss: 'RSS or Atom feed',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky Jetstream',
  push: 'Push API',
  import: 'File import',
  demo: 'Demo feed',
};

export function isPolled(kind: SourceKind): boolean {
  return POLLED_SOURCE_KINDS.includes(kind);
}

export function healthOf(s: Source): { state: HealthState; label: string } {
  if (s.pausedAt) return { state: 'paused', label: 'Paused' };
  if (!s.enabled) return { state: 'off', label: 'Switched off' };
  if (s.consecutiveFailures > 0) return { state: 'failing', label: 'Failing' };
  if (s.lastSuccessAt) return { state: 'healthy', label: 'Healthy' };
  if (s.kind === 'push') return { state: 'waiting', label: 'Waiting for pushes' };
  if (s.kind === 'import') return { state: 'waiting', label: 'Ready for uploads' };
  return { state: 'waiting', label: 'Not collected yet' };
}

export function scheduleOf(s: Source): string {
  if (!isPolled(s.kind)) {
    if (s.kind === 'bluesky') return 'Live stream';
    if (s.kind === 'push') return 'When pushed';
    if (s.kind === 'import') return 'When uploaded';
    return 'Replayed';
  }
  const m = s.intervalMinutes;
  if (m % 1440 === 0) return m === 1440 ? 'Daily' : `Every ${m / 1440} days`;
  if (m % 60 === 0) return m === 60 ? 'Hourly' : `Every ${m / 60} hours`;
  return `Every ${m} min`;
}

/** What the source watches, in the words the form uses. */
export function addressOf(s: Source): string {
  switch (s.kind) {
    case 'rss':
      return s.url ?? '—';
    case 'mastodon': {
      const host = s.url ? s.url.replace(/^https?:\/\//, '').replace(/\/$/, '') : '?';
      const q = s.query ?? '';
      return `${host} · ${q.includes('@') || s.config.timeline === 'account' ? q : `#${q.replace(/^#/, '')}`}`;
    }
    case 'bluesky':
      return s.query ? `posts matching “${s.query}”` : 'all posts (lexicon filter only)';
    case 'push':
      return 'Items sent to /api/v1/items';
    case 'import':
      return 'CSV or JSON Lines uploads';
    default:
      return s.url ?? s.query ?? '—';
  }
}

/** The plain-data view of a source the pages show. */
export function sourceView(s: Source, ownerNames: ReadonlyMap<string, string>) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    kindLabel: KIND_LABELS[s.kind],
    address: addressOf(s),
    schedule: scheduleOf(s),
    polled: isPolled(s.kind),
    enabled: s.enabled,
    owner: s.ownerId ? (ownerNames.get(s.ownerId) ?? 'Former user') : null,
    districts: s.districts.map((d) => d.name),
    health: healthOf(s),
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError,
    lastErrorAt: s.lastErrorAt,
    consecutiveFailures: s.consecutiveFailures,
    itemsSeen: s.itemsSeen,
    pausedAt: s.pausedAt,
    pausedReason: s.pausedReason,
  };
}

export type SourceView = ReturnType<typeof sourceView>;
