import { MAX_INGEST_BATCH } from '@counterpoint/core';
import { rawItemSchema } from '@counterpoint/core/normalise/index';
import { getSource, touchApiKey, verifyApiKey, type ApiKey } from '@counterpoint/db';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { errorJson, STATUS_BY_CODE } from '../errors.js';
import { defineRoute, errorSchema } from '../openapi.js';
import { rateLimiterFor } from './items-rate-limit.js';

/** Most items one push request may carry. */
export const MAX_PUSH_ITEMS = 1000;
/** Largest push request body: bigger ones are refused (413) before they are read in full. */
export const MAX_PUSH_BYTES = 10 * 1024 * 1024;

declare module 'hono' {
  interface ContextVariableMap {
    pushKey: ApiKey & { sourceId: string };
  }
}

const pushBodySchema = z.object({
  items: z.array(rawItemSchema).min(1).max(MAX_PUSH_ITEMS),
});

const acceptedSchema = z.object({
  accepted: z.number().int(),
  sourceId: z.string(),
  batches: z.array(z.object({ jobId: z.string(), items: z.number().int() })),
});

/** Bearer key for `items:push`, then the key's rate limit: both before the body is read. */
function authenticateAndLimit(deps: ApiDeps): MiddlewareHandler {
  const limiter = rateLimiterFor(deps.config, deps.runner.kind === 'bullmq');
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorJson(c, 401, {
        code: 'unauthenticated',
        message: 'Send the source\'s API key as "Authorization: Bearer cp_…".',
      });
    }
    let key: ApiKey & { sourceId: string };
    try {
      key = await verifyApiKey(deps.db, match[1]!, 'items:push');
    } catch (err) {
      if (
        err instanceof Error &&
        'code' in err &&
        (err.code === 'unauthenticated' || err.code === 'forbidden')
      ) {
        if (err.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        return errorJson(c, STATUS_BY_CODE[err.code], { code: err.code, message: err.message });
      }
      throw err;
    }
    const decision = await limiter.take(key.id);
    if (!decision.allowed) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      return errorJson(c, 429, {
        code: 'rate_limited',
        message: 'Too many requests with this API key; try again after the Retry-After delay.',
      });
    }
    c.set('pushKey', key);
    await next();
  };
}

/**
 * The push connector. A partner system posts raw items for the source its key is tied to; they
 * are validated item by item, split into ingest batches and answered 202 only once every batch is
 * on the queue (BullMQ has written it to Redis). Retrying a request is safe: ingestion is
 * idempotent on (source, external id).
 */
export const pushItemsRoute = defineRoute({
  method: 'post',
  path: '/api/v1/items',
  access: { scope: 'items:push' },
  summary: 'Push a batch of public items into a push source',
  description:
    `Authenticate with the push source's API key (\`Authorization: Bearer cp_…\`, scope items:push). ` +
    `Up to ${MAX_PUSH_ITEMS} items and ${MAX_PUSH_BYTES / 1024 / 1024} MB per request. Each item is checked; ` +
    'a 400 lists every invalid item by its index (issues with paths such as body.items.3.url). ' +
    'A 202 means the items are durably queued for ingestion; they are stored and scored shortly after. ' +
    'Requests are rate-limited per key (429 with Retry-After).',
  tags: ['ingest'],
  request: { body: pushBodySchema },
  responses: {
    202: { description: 'Queued for ingestion', schema: acceptedSchema },
    400: {
      description: 'The body is not JSON, or items are not valid (listed by index)',
      schema: errorSchema,
    },
    401: { description: 'No API key, or a key that is unknown, revoked or expired', schema: errorSchema },
    403: { description: 'The key may not push items', schema: errorSchema },
    409: { description: "The key's source is disabled or paused", schema: errorSchema },
    413: { description: `The body is larger than ${MAX_PUSH_BYTES} bytes`, schema: errorSchema },
    429: { description: 'Rate limit reached for this key: see Retry-After', schema: errorSchema },
  },
  before: (deps) => [
    authenticateAndLimit(deps),
    bodyLimit({
      maxSize: MAX_PUSH_BYTES,
      onError: (c) =>
        errorJson(c, 413, {
          code: 'payload_too_large',
          message: `The request body is larger than ${MAX_PUSH_BYTES / 1024 / 1024} MB; send fewer items per request.`,
        }),
    }),
  ],
  async handler(c, { body }, { db, runner }) {
    const key = c.get('pushKey');
    const source = await getSource(db, key.sourceId);
    if (!source)
      return errorJson(c, 409, { code: 'invalid_state', message: "The key's source no longer exists." });
    if (!source.enabled || source.pausedAt) {
      return errorJson(c, 409, {
        code: 'invalid_state',
        message: `The source "${source.name}" is ${source.enabled ? 'paused' : 'disabled'}; items are not accepted.`,
      });
    }
    const receivedAt = new Date().toISOString();
    const chunks: (typeof body.items)[] = [];
    for (let i = 0; i < body.items.length; i += MAX_INGEST_BATCH)
      chunks.push(body.items.slice(i, i + MAX_INGEST_BATCH));
    // Awaited: the answer is sent only once every batch is queued.
    const jobIds = await Promise.all(
      chunks.map((items) => runner.enqueue('ingest-batch', { sourceId: source.id, items, receivedAt })),
    );
    await touchApiKey(db, key.id);
    return c.json(
      {
        accepted: body.items.length,
        sourceId: source.id,
        batches: jobIds.map((jobId, k) => ({ jobId, items: chunks[k]!.length })),
      } satisfies z.input<typeof acceptedSchema>,
      202,
    );
  },
});
