import { describe, expect, it } from 'vitest';
import { idTime, isId, newId } from './ids.js';

describe('ids', () => {
  it('carries the prefix of its kind and a 26-character body', () => {
    const id = newId('signal');
    expect(id).toMatch(/^sig_[0-9a-z]{26}$/);
    expect(isId(id, 'signal')).toBe(true);
    expect(isId(id, 'item')).toBe(false);
  });

  it('sorts by creation time, also within one millisecond', () => {
    const ids = [newId('item', 1_700_000_000_000)];
    for (let i = 0; i < 500; i++) ids.push(newId('item', 1_700_000_000_000));
    ids.push(newId('item', 1_700_000_000_001));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the time it was made', () => {
    expect(idTime(newId('note', 1_234_567_890_123))).toBe(1_234_567_890_123);
  });

  it('rejects malformed ids', () => {
    expect(isId('sig_short')).toBe(false);
    expect(isId('SIG_01J9ZZZZZZZZZZZZZZZZZZZZZZ')).toBe(false);
  });
});
