import { describe, expect, it } from 'vitest';
import { normaliseForMatch, tokeniseForMatch } from './match-tokens.js';

describe('tokeniseForMatch', () => {
  it('folds case, diacritics, confusables, fullwidth and mathematical letters', () => {
    expect(tokeniseForMatch('Café ÜBER').forms).toEqual(['cafe', 'uber']);
    expect(tokeniseForMatch('rаhowa').forms).toEqual(['rahowa']); // Cyrillic а
    expect(tokeniseForMatch('ραhοwα').forms).toEqual(['pahowa']); // Greek look-alikes
    expect(tokeniseForMatch('ｒａｈｏｗａ').forms).toEqual(['rahowa']); // fullwidth
    expect(tokeniseForMatch('𝐫𝐚𝐡𝐨𝐰𝐚').forms).toEqual(['rahowa']); // mathematical bold
  });

  it('drops zero-width and bidi controls without splitting words', () => {
    expect(tokeniseForMatch('r\u200baho\u200bwa').forms).toEqual(['rahowa']);
    expect(tokeniseForMatch('ra\u202eho\u2066wa\ufeff').forms).toEqual(['rahowa']);
    expect(tokeniseForMatch('ra\u00adhowa').forms).toEqual(['rahowa']);
  });

  it('reads digits and symbols as letters only inside words with letters', () => {
    expect(tokeniseForMatch('r4h0w4').forms).toEqual(['rahowa']);
    expect(tokeniseForMatch('r@howa').forms).toEqual(['rahowa']);
    expect(tokeniseForMatch('$hit c0mp4ny').forms).toEqual(['shit', 'company']);
    expect(tokeniseForMatch('in 2024 the 88 @user paid $5').forms).toEqual([
      'in',
      '2024',
      'the',
      '88',
      'user',
      'paid',
      '5',
    ]);
    const k = tokeniseForMatch('k1ll');
    expect(k.forms).toEqual(['kill']);
    expect(k.alts).toEqual(['klll']);
  });

  it('keeps spans into the original text, with astral characters before the word', () => {
    const text = '😀𝐚 hi 👨‍👩‍👧 then r\u200b4h0wa!';
    const t = tokeniseForMatch(text);
    expect(t.forms).toEqual(['a', 'hi', 'then', 'rahowa']);
    for (let i = 0; i < t.forms.length; i++) {
      const slice = text.slice(t.starts[i], t.ends[i]);
      expect(tokeniseForMatch(slice).forms).toEqual([t.forms[i]]);
    }
    expect(text.slice(t.starts[3], t.ends[3])).toBe('r\u200b4h0wa');
  });
});

describe('normaliseForMatch', () => {
  it('maps every normalised character back to the original', () => {
    const text = '🎉 Ｈé\u200bllo, wörld';
    const n = normaliseForMatch(text);
    expect(n.text).toBe('hello world');
    expect(n.starts).toHaveLength(n.text.length);
    expect(text.slice(n.starts[0], n.ends[0])).toBe('Ｈ');
    expect(text.slice(n.starts[1], n.ends[1])).toBe('é');
    expect(text.slice(n.starts[2], n.ends[2])).toBe('l');
    expect(text.slice(n.starts[6], n.ends[10])).toBe('wörld');
  });
});
