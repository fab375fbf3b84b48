import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canonicalCharset, decodeFeedBytes } from './charset.js';

const xml = (enc: string, body: string) =>
  `<?xml version="1.0" encoding="${enc}"?><rss version="2.0"><channel><title>${body}</title></channel></rss>`;

describe('decodeFeedBytes', () => {
  it('reads UTF-8 by default and strips a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>café</rss>')]);
    const d = decodeFeedBytes(bytes);
    expect(d).toMatchObject({ text: '<rss>café</rss>', encoding: 'utf-8', source: 'bom' });
  });

  it('honours UTF-16 and UTF-32 byte-order marks', () => {
    for (const enc of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
      const d = decodeFeedBytes(iconv.encode('<rss>Ünïcödé</rss>', enc, { addBOM: true }));
      expect(d.text).toBe('<rss>Ünïcödé</rss>');
      expect(d.encoding).toBe(enc);
    }
  });

  it('sniffs UTF-16 without a BOM from the "<?" pattern', () => {
    const d = decodeFeedBytes(iconv.encode('<?xml version="1.0"?><rss/>', 'utf-16le'));
    expect(d).toMatchObject({ encoding: 'utf-16le', source: 'byte-pattern' });
  });

  it('prefers the XML declaration over the HTTP header', () => {
    const d = decodeFeedBytes(iconv.encode(xml('windows-1251', 'Привет'), 'windows-1251'), {
      contentType: 'application/rss+xml; charset=iso-8859-1',
    });
    expect(d).toMatchObject({ encoding: 'windows-1251', source: 'xml-declaration' });
    expect(d.text).toContain('Привет');
  });

  it('uses the HTTP header when the document declares nothing', () => {
    const d = decodeFeedBytes(iconv.encode('<rss><title>Ёлка</title></rss>', 'koi8-r'), {
      contentType: 'text/xml; charset="KOI8-R"',
    });
    expect(d).toMatchObject({ encoding: 'koi8-r', source: 'content-type' });
    expect(d.text).toContain('Ёлка');
  });

  it('reads east-Asian charsets', () => {
    for (const [enc, s] of [
      ['shift_jis', '日本語のテキスト'],
      ['euc-jp', '日本語のテキスト'],
      ['gb2312', '中文简体'],
      ['gbk', '中文简体'],
      ['gb18030', '中文简体'],
      ['big5', '中文繁體'],
      ['euc-kr', '한국어'],
    ] as const) {
      const d = decodeFeedBytes(iconv.encode(xml(enc, s), enc));
      expect(d.encoding).toBe(enc);
      expect(d.text).toContain(s);
    }
  });

  it('falls back to windows-1252 when undeclared bytes are not UTF-8', () => {
    const d = decodeFeedBytes(
      Buffer.from([0x3c, 0x61, 0x3e, 0x93, 0x68, 0x69, 0x94, 0x3c, 0x2f, 0x61, 0x3e]),
    );
    expect(d).toMatchObject({ encoding: 'windows-1252', source: 'fallback', text: '<a>“hi”</a>' });
  });

  it('ignores an unknown or impossible declared charset, with a note', () => {
    const d = decodeFeedBytes(Buffer.from(xml('x-made-up', 'ok')));
    expect(d.encoding).toBe('utf-8');
    expect(d.notes[0]).toMatch(/Unknown charset/);
    const wide = decodeFeedBytes(Buffer.from(xml('UTF-16', 'ok')));
    expect(wide.encoding).toBe('utf-8');
  });

  it('unpacks a gzip file given directly, and refuses one that inflates past the limit', () => {
    const d = decodeFeedBytes(gzipSync(Buffer.from('<rss>z</rss>')));
    expect(d).toMatchObject({ text: '<rss>z</rss>', compressed: 'gzip' });
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x20));
    expect(() => decodeFeedBytes(bomb, { maxInflatedBytes: 1_000_000 })).toThrow(/size limit/);
  });

  it('canonicalises labels', () => {
    expect(canonicalCharset('SJIS')).toBe('shift_jis');
    expect(canonicalCharset('Latin1')).toBe('iso-8859-1');
    expect(canonicalCharset(' UTF8 ')).toBe('utf-8');
  });
});
