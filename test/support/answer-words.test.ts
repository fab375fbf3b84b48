import { describe, expect, it } from 'vitest';
import { hasWords } from './answer-words.js';

// A failure answer the way SvelteKit sends one (devalue inside JSON), echoing a posted value.
function failure(values: Record<string, string>, message: string): string {
  const data = JSON.stringify([
    { values: 1, message: 2 + Object.keys(values).length },
    values,
    ...Object.values(values),
    message,
  ]);
  return JSON.stringify({ type: 'failure', status: 400, data });
}

describe('hasWords', () => {
  it('finds the message in a failure that echoes a 70,000-letter value before it', () => {
    // The answer that stalled the hostile-form suite for good (the old pattern never returned).
    const answer = failure({ summary: 'x'.repeat(70_000) }, 'Check the fields below.');
    expect(hasWords(answer)).toBe(true);
  });

  it('finds no words in a long run of letters with no message', () => {
    expect(hasWords(`{"type":"failure","data":"[\\"${'x'.repeat(70_000)}\\"]"}`)).toBe(false);
    expect(hasWords('x'.repeat(70_000))).toBe(false);
  });

  it('tells words from codes and punctuation', () => {
    expect(hasWords('There is no such source.')).toBe(true);
    expect(hasWords('{"data":"[{\\"message\\":1},\\"Choose a step.\\"]"}')).toBe(true);
    expect(hasWords('Enter 5 or more items')).toBe(true);
    expect(hasWords('{"type":"error","error":{"message":"Not Found"}}')).toBe(true);
    expect(hasWords('')).toBe(false);
    expect(hasWords('{"type":"failure","status":400}')).toBe(false);
    expect(hasWords('invalid_input')).toBe(false);
    expect(hasWords('500 Internal')).toBe(false);
    expect(hasWords('{"a":"abc","b":" de"}')).toBe(false);
  });
});
