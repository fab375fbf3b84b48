import { describe, expect, it } from 'vitest';
import { describeSpan, segmentText } from './segments.js';

const span = (start: number, end: number, phrase = 'x') => ({
  start,
  end,
  phrase,
  category: 'violence',
  weight: 0.5,
});

describe('segmentText', () => {
  it('splits text around spans and keeps every character', () => {
    const text = 'one two three four';
    const segs = segmentText(text, [span(8, 13, 'three'), span(0, 3, 'one')]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.spans).map((s) => s.text)).toEqual(['one', 'three']);
  });

  it('merges overlapping spans into one mark listing both', () => {
    const segs = segmentText('abcdefgh', [span(1, 5), span(3, 7)]);
    expect(segs.map((s) => s.text)).toEqual(['a', 'bcdefg', 'h']);
    expect(segs[1]!.spans).toHaveLength(2);
  });

  it('ignores spans outside the text and clamps long ones', () => {
    const segs = segmentText('short', [span(10, 12), span(3, 99), span(-1, 2)]);
    expect(segs.map((s) => s.text)).toEqual(['sho', 'rt']);
  });

  it('keeps markup as plain text segments', () => {
    const text = '<script>alert(1)</script> hello';
    expect(segmentText(text, []).map((s) => s.text)).toEqual([text]);
  });

  it('describes suppressed matches', () => {
    expect(describeSpan({ ...span(0, 1, 'kill'), suppressed: 'counter-speech: condemn' })).toContain(
      'suppressed: counter-speech: condemn',
    );
  });
});
