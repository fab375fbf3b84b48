import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from './html.js';
import { detectLanguage } from './language.js';
import { normaliseItem, normaliseItems, type NormalisedItem } from './item.js';

const NOW = new Date('2025-06-01T12:00:00Z');

function ok(input: unknown): NormalisedItem {
  const r = normaliseItem(input, { now: NOW });
  if (!r.ok) throw new Error(r.reason);
  return r.item;
}

describe('htmlToPlainText', () => {
  it('drops scripts and styles with their contents, turns blocks into lines and decodes entities', () => {
    const { text, images } = htmlToPlainText(
      '<style>p{color:red}</style><p>Caf&eacute; &amp;   bar</p><script>alert("x")</script>' +
        '<ul><li>one</li><li>two</li></ul>line<br>break<img src="/a.png"><noscript>no</noscript>',
    );
    expect(text).toBe('Café & bar\n\none\n\ntwo\n\nline\nbreak');
    expect(text).not.toContain('alert');
    expect(images).toEqual(['/a.png']);
  });

  it('copes with broken markup and stays linear on hostile input', () => {
    expect(htmlToPlainText('<p>open <b>bold <i>it').text).toBe('open bold it');
    expect(htmlToPlainText('text <script>never closed').text).toBe('text');
    // A backtracking regex approach would take minutes here and hit the test's timeout; the
    // tokenizer drops every unclosed <style> body in one pass.
    const hostile = '<style>a'.repeat(100_000);
    expect(htmlToPlainText(`ok ${hostile}`).text).toBe('ok');
  });

  it('keeps preformatted line breaks and removes NULs', () => {
    expect(htmlToPlainText('<pre>a  b\n  c</pre>x\u0000y').text).toBe('a b\nc\nxy');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['The council meeting is tonight at seven, everyone is welcome to come along.', 'en'],
    ['Czy ktoś wie, dlaczego autobusy znowu się spóźniają dzisiaj rano?', 'pl'],
    ['کیا کسی کو معلوم ہے کہ بسیں پھر دیر سے کیوں ہیں؟', 'ur'],
    ['هل يعرف أحد لماذا تأخرت الحافلات مرة أخرى؟', 'ar'],
    ['Știe cineva de ce autobuzele întârzie din nou în dimineața asta?', 'ro'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it("says 'und' when unsure, and uses a platform hint only then", () => {
    expect(detectLanguage('lol')).toBe('und');
    expect(detectLanguage('https://example.com/x @someone 123')).toBe('und');
    expect(detectLanguage('ok', 'en-GB')).toBe('en');
    expect(detectLanguage('The council meeting is tonight at seven, everyone welcome.', 'de')).toBe('en');
  });
});

describe('normaliseItem', () => {
  it('normalises every field', () => {
    const item = ok({
      platform: 'RSS',
      externalId: ' guid-1 ',
      url: 'HTTPS://News.Example.com/story?utm_source=feed&id=2#comments',
      title: 'Road &amp; bridge <b>closed</b>',
      html: '<p>The bridge on Mill Road will be closed from Monday for repairs.</p><img src="/i/1.jpg"><script>track()</script>',
      publishedAt: '2025-05-30T08:00:00+01:00',
      author: { handle: '@Reporter', displayName: ' Jo  Bloggs ', profileUrl: '/people/jo' },
      mediaUrls: ['https://cdn.example.com/v.mp4', 'ftp://example.com/x', 'https://cdn.example.com/v.mp4'],
      engagement: { Likes: 12.7, shares: 3, bad: -1, 'not a key': 4, replies: null },
    });
    expect(item).toEqual({
      platform: 'rss',
      externalId: 'guid-1',
      url: 'https://news.example.com/story?id=2',
      title: 'Road & bridge closed',
      text: 'The bridge on Mill Road will be closed from Monday for repairs.',
      language: 'en',
      publishedAt: new Date('2025-05-30T07:00:00Z'),
      mediaUrls: ['https://cdn.example.com/v.mp4', 'https://news.example.com/i/1.jpg'],
      engagement: { likes: 12, shares: 3 },
      author: {
        handle: '@Reporter',
        displayName: 'Jo Bloggs',
        profileUrl: 'https://news.example.com/people/jo',
      },
    });
  });

  it('falls back to plain text, derives a stable id and ignores impossible dates', () => {
    const input = {
      platform: 'push',
      text: '  Hello\r\n\r\n\r\nworld  ',
      publishedAt: '2099-01-01T00:00:00Z',
    };
    const a = ok(input);
    expect(a.text).toBe('Hello\n\nworld');
    expect(a.externalId).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(ok(input).externalId).toBe(a.externalId);
    expect(a.publishedAt).toBeNull();
    expect(ok({ platform: 'push', text: 'x y', publishedAt: 1_717_200_000 }).publishedAt).toEqual(
      new Date(1_717_200_000_000),
    );
    expect(ok({ platform: 'push', text: 'x', url: 'https://example.com/a?gclid=1' }).externalId).toBe(
      'https://example.com/a',
    );
  });

  it('rejects items with no text and no title, and invalid shapes, with reasons', () => {
    expect(
      normaliseItem({ platform: 'rss', externalId: 'e1', html: '<script>x()</script>' }, { now: NOW }),
    ).toEqual({
      ok: false,
      externalId: 'e1',
      reason: 'the item has no text and no title',
    });
    const bad = normaliseItem({ platform: 'no spaces allowed', text: 'x' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^invalid item \(platform: /);
    expect(normaliseItem(null).ok).toBe(false);
  });

  it('reports rejections and in-batch repeats without sinking the batch', () => {
    const { items, rejected } = normaliseItems(
      [
        { platform: 'rss', externalId: 'a', text: 'first' },
        { platform: 'rss', externalId: 'a', text: 'again' },
        { platform: 'rss', externalId: 'b' },
        { platform: 'rss', externalId: 'c', title: 'Only a title' },
      ],
      { now: NOW },
    );
    expect(items.map((i) => i.externalId)).toEqual(['a', 'c']);
    expect(rejected).toEqual([
      { index: 1, externalId: 'a', reason: 'repeats an earlier item in the batch' },
      { index: 2, externalId: 'b', reason: 'the item has no text and no title' },
    ]);
  });
});
