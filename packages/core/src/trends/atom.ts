/**
 * A minimal, valid Atom 1.0 document (RFC 4287): feed id, title, updated, author and a self link;
 * each entry with id, title, updated, a link and text content. Dates are RFC 3339 (UTC, `Z`).
 * Every text value is escaped, so a category or district name can never inject markup.
 */

export interface AtomEntry {
  /** A permanent IRI (a `urn:` or URL) that never changes for this entry. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** Where a reader goes for more. */
  link: string;
  /** Plain text; sent as type="text". */
  summary: string;
  categories?: readonly string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own URL. */
  selfUrl: string;
  /** The web page the feed mirrors. */
  alternateUrl: string;
  authorName: string;
  /** When anything in the feed last changed; the newest entry's time, or a fixed time when empty. */
  updated: Date;
  entries: readonly AtomEntry[];
}

export function escapeXml(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Characters XML 1.0 forbids outright (control characters other than tab, CR, LF).
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

/** RFC 3339 in UTC without fractional seconds, as feed readers expect. */
export function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderAtom(feed: AtomFeed): string {
  const e = escapeXml;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${e(feed.id)}</id>`,
    `  <title type="text">${e(feed.title)}</title>`,
  ];
  if (feed.subtitle) lines.push(`  <subtitle type="text">${e(feed.subtitle)}</subtitle>`);
  lines.push(
    `  <updated>${rfc3339(feed.updated)}</updated>`,
    `  <author><name>${e(feed.authorName)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${e(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(feed.alternateUrl)}"/>`,
    '  <generator>Counterpoint</generator>',
  );
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${e(entry.id)}</id>`,
      `    <title type="text">${e(entry.title)}</title>`,
      `    <updated>${rfc3339(entry.updated)}</updated>`,
    );
    if (entry.published) lines.push(`    <published>${rfc3339(entry.published)}</published>`);
    lines.push(`    <link rel="alternate" type="text/html" href="${e(entry.link)}"/>`);
    for (const c of entry.categories ?? []) lines.push(`    <category term="${e(c)}"/>`);
    lines.push(`    <summary type="text">${e(entry.summary)}</summary>`, '  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
