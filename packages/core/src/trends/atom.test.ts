import { DomUtils, parseDocument } from 'htmlparser2';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderAtom, type AtomFeed } from './atom.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const feed: AtomFeed = {
  id: 'urn:counterpoint:alerts:usr_1',
  title: 'Counterpoint alerts for A. Analyst',
  selfUrl: 'https://cp.example.com/feeds/alerts/tok?x=1&y=2',
  alternateUrl: 'https://cp.example.com/alerts',
  authorName: 'Counterpoint',
  updated: new Date('2026-11-20T10:15:30.123Z'),
  entries: [
    {
      id: 'urn:counterpoint:alert:alr_1',
      title: 'Spike: far right <script>alert(1)</script> in Ashford & "Bay"',
      updated: new Date('2026-11-20T10:15:30.123Z'),
      published: new Date('2026-11-20T10:15:30Z'),
      link: 'https://cp.example.com/alerts?day=2026-11-20&category=far_right',
      summary: "31 items on 20 Nov (usually 8 a day, z 6.1). It's <b>not</b> a verdict.",
      categories: ['far_right'],
    },
    {
      id: 'urn:counterpoint:alert:alr_2',
      title: 'Spike: islamist in Unplaced',
      updated: new Date('2026-11-19T08:00:00Z'),
      link: 'https://cp.example.com/alerts',
      summary: 'Control \u0001 characters are dropped.',
    },
  ],
};

describe('Atom feed', () => {
  it('parses back with rss-parser, text intact', async () => {
    const xml = renderAtom(feed);
    const parsed = await new Parser().parseString(xml);
    expect(parsed.title).toBe(feed.title);
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[0]!.title).toBe(feed.entries[0]!.title);
    expect(parsed.items[0]!.link).toBe(feed.entries[0]!.link);
    expect(parsed.items[0]!.id).toBe('urn:counterpoint:alert:alr_1');
    expect(parsed.items[0]!.summary).toBe(feed.entries[0]!.summary);
    expect(new Date(parsed.items[1]!.pubDate ?? parsed.items[1]!.isoDate ?? '').toISOString()).toBe(
      '2026-11-19T08:00:00.000Z',
    );
    expect(parsed.items[1]!.summary).toBe('Control  characters are dropped.');
  });

  it('has every element RFC 4287 requires, with RFC 3339 dates and no injected markup', () => {
    const xml = renderAtom(feed);
    const doc = parseDocument(xml, { xmlMode: true });
    const root = DomUtils.getElementsByTagName('feed', doc.children, false)[0]!;
    const kids = (el: typeof root, name: string) => DomUtils.getElementsByTagName(name, el.children, false);
    const text = (el: typeof root) => DomUtils.textContent(el);
    expect(root.attribs.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const required of ['id', 'title', 'updated', 'author']) expect(kids(root, required)).toHaveLength(1);
    expect(kids(kids(root, 'author')[0]!, 'name')).toHaveLength(1);
    expect(kids(root, 'link').find((l) => l.attribs.rel === 'self')?.attribs.href).toBe(feed.selfUrl);
    expect(text(kids(root, 'updated')[0]!)).toMatch(RFC3339);
    const entries = kids(root, 'entry');
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      for (const required of ['id', 'title', 'updated', 'summary'])
        expect(kids(entry, required)).toHaveLength(1);
      expect(kids(entry, 'link')).toHaveLength(1);
      expect(text(kids(entry, 'updated')[0]!)).toMatch(RFC3339);
    }
    // The title's markup stays text: no <script> element anywhere in the document.
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).toContain('Ashford &amp; &quot;Bay&quot;');
  });

  it('is valid with no entries', async () => {
    const xml = renderAtom({ ...feed, entries: [] });
    const parsed = await new Parser().parseString(xml);
    expect(parsed.items).toEqual([]);
    expect(xml).toContain('<updated>2026-11-20T10:15:30Z</updated>');
  });
});
