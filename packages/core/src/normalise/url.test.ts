import { describe, expect, it } from 'vitest';
import { canonicalUrl, mediaUrl } from './url.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Example.COM/Path?b=2&a=1#frag', 'https://example.com/Path?a=1&b=2'],
    ['https://example.com:443/x?utm_source=tw&utm_medium=social&id=5', 'https://example.com/x?id=5'],
    ['http://example.com:80/?fbclid=abc&gclid=def', 'http://example.com/'],
    [
      'https://news.example.co.uk/story?UTM_Campaign=x&msclkid=1&mc_eid=2&page=2',
      'https://news.example.co.uk/story?page=2',
    ],
    ['https://user:pw@example.com./a', 'https://example.com/a'],
    ['https://example.com/a?z=1&a=2&a=1', 'https://example.com/a?a=2&a=1&z=1'],
    ['https://bücher.example/ä', 'https://xn--bcher-kva.example/%C3%A4'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('resolves relative addresses and refuses other schemes', () => {
    expect(canonicalUrl('/p/1?utm_source=x', 'https://example.com/feed')).toBe('https://example.com/p/1');
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('mailto:a@example.com')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
    expect(canonicalUrl('')).toBeUndefined();
  });

  it('keeps media queries (often signed) but drops fragments', () => {
    expect(mediaUrl('img/a.jpg?sig=1#x', 'https://cdn.example.com/post/')).toBe(
      'https://cdn.example.com/post/img/a.jpg?sig=1',
    );
    expect(mediaUrl('data:image/png;base64,AAA')).toBeUndefined();
  });
});
