import { describe, expect, it } from 'vitest';
import { hasNul, isPlausibleParam, nulMessage, nulPaths } from './input.js';

describe('hasNul', () => {
  it('finds U+0000 anywhere and nothing else', () => {
    expect(hasNul('a\u0000b')).toBe(true);
    expect(hasNul('\u0000')).toBe(true);
    expect(hasNul('plain \u0001 text\ttab')).toBe(false);
    expect(hasNul('\\u0000')).toBe(false);
  });
});

describe('isPlausibleParam', () => {
  it('accepts ids, slugs and tokens, refuses controls and unpaired surrogates', () => {
    expect(isPlausibleParam('sig_01j9zzzzzzzzzzzzzzzzzzzzzz')).toBe(true);
    expect(isPlausibleParam('Ünïcödé 😀')).toBe(true);
    expect(isPlausibleParam('a\u0000')).toBe(false);
    expect(isPlausibleParam('line\nbreak')).toBe(false);
    expect(isPlausibleParam('del\u007f')).toBe(false);
    expect(isPlausibleParam('c1\u0085')).toBe(false);
    expect(isPlausibleParam('\ud800')).toBe(false);
    expect(isPlausibleParam('x\udc00y')).toBe(false);
    expect(isPlausibleParam('\ud83d')).toBe(false);
  });
});

describe('nulPaths', () => {
  it('names every field and key holding a NUL, however deep', () => {
    const body = { a: 'ok', b: ['fine', 'bad\u0000'], c: { 'k\u0000': 1, d: { e: '\u0000' } } };
    expect(nulPaths(body, 'body')).toEqual(['body.b.1', 'body.c.k\\u0000', 'body.c.d.e']);
    expect(nulPaths({ a: 1, b: [true, null, 'x'] }, 'body')).toEqual([]);
    expect(nulPaths('\u0000', 'query')).toEqual(['query']);
  });

  it('walks a very deep value without overflowing and stops at the limit', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulPaths(deep, 'body')).toHaveLength(1);
    expect(
      nulPaths(
        Array.from({ length: 50 }, () => '\u0000'),
        'b',
        3,
      ),
    ).toEqual(['b.0', 'b.1', 'b.2']);
  });
});

describe('nulMessage', () => {
  it('says what is wrong and what to do, naming the fields', () => {
    expect(nulMessage(['title'])).toMatch(/NUL character.*cannot be stored \(title\).*remove it/);
  });
});
