import { DomainError } from '../errors/errors.js';

/**
 * Every problem with a feed ends as one of these: a plain-words message fit to show an analyst
 * (source health) or print from `feed check`, never a parser's stack trace.
 */
export class FeedError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', message, details);
    this.name = 'FeedError';
  }
}

/** Turns anything thrown into one line of plain words. */
export function plainMessage(err: unknown): string {
  if (err instanceof FeedError) return err.message;
  const raw = err instanceof Error ? err.message : String(err);
  const first = raw.split('\n')[0]?.trim() ?? '';
  const line = /Line:\s*(\d+)/.exec(raw)?.[1];
  const col = /Column:\s*(\d+)/.exec(raw)?.[1];
  const where =
    line !== undefined ? ` (line ${Number(line) + 1}${col !== undefined ? `, column ${col}` : ''})` : '';
  if (!first) return 'The feed could not be read';
  if (/^Feed not recognized|^Unable to parse XML/.test(first)) {
    return 'The feed is too damaged to read: its RSS or Atom structure could not be found';
  }
  return `The feed is not well-formed XML and could not be recovered: ${lowerFirst(first.replace(/\.$/, ''))}${where}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
