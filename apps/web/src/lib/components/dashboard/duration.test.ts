import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.js';

describe('durations', () => {
  it('reads naturally from seconds to days', () => {
    expect(formatDuration(12)).toBe('12 s');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatDuration(5 * 3600)).toBe('5 h');
    expect(formatDuration(52 * 3600)).toBe('2 days 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
});
