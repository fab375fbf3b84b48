/**
 * Domain errors carry a stable code; the apps decide which HTTP status or form message each code
 * becomes. Nothing here knows about HTTP.
 */
export const ERROR_CODES = [
  'not_found',
  'invalid_input',
  'forbidden',
  'unauthenticated',
  'conflict',
  'invalid_state',
  'rate_limited',
  'unavailable',
  'four_eyes',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not_found', `${what} ${id} was not found.`, { what, id });
