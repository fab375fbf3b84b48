import { isDomainError, type ErrorCode } from '@counterpoint/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../logger.js';

/** The one place where domain error codes become HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  four_eyes: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: unknown };
}

export function errorJson(c: Context, status: ContentfulStatusCode, body: ErrorBody['error']): Response {
  return c.json({ error: body } satisfies ErrorBody, status);
}

/**
 * Turns any thrown value into a JSON error. Domain errors keep their code and message (written for
 * people); anything else is logged in full and answered with a bare 500, never a stack trace.
 */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (isDomainError(err)) {
      const issues = err.code === 'invalid_input' ? err.details?.issues : undefined;
      return errorJson(c, STATUS_BY_CODE[err.code], {
        code: err.code,
        message: err.message,
        ...(issues ? { issues } : {}),
      });
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      return errorJson(c, status, {
        code: status === 400 ? 'invalid_input' : 'http_error',
        message: err.message || 'Request failed',
      });
    }
    logger.error(
      { err: { message: err.message, stack: err.stack }, path: c.req.path, method: c.req.method },
      'request failed',
    );
    return errorJson(c, 500, { code: 'internal', message: 'Something went wrong. The error was logged.' });
  };
}
