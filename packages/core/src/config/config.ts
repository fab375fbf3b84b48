import { z } from 'zod';
import { DomainError } from '../errors/errors.js';

/**
 * Configuration is read once per process from the environment and checked here, so that a bad
 * deployment fails at start with every problem listed, not at the first request that needs it.
 */
const port = z.coerce.number().int().min(1).max(65535);
const secret = z.string().min(32, 'must be at least 32 characters');
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
    .optional();

export const configSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  COUNTERPOINT_DATA_DIR: z.string().min(1).default('.counterpoint'),
  PORT: port.default(3000),
  API_PORT: port.default(3001),
  HOST: z.string().min(1).default('127.0.0.1'),
  ORIGIN: z.string().url().optional(),
  AUTH_SECRET: secret.optional(),
  PSEUDONYM_SECRET: secret.optional(),
  IDENTITY_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** Sender of alert digests and reminders: an address, optionally with a name ("Counterpoint <cp@x>"). */
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/,
      'must be an e-mail address, e.g. "Counterpoint <alerts@example.org>"',
    )
    .optional(),
  FETCH_ALLOW_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  /**
   * Longest one web request (a feed, an API page, a webhook) may take from connecting to the last
   * byte. A total deadline, not an idle one: a server trickling a byte a second is cut off here too.
   */
  FETCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** BullMQ key prefix: lets tests (and several deployments on one Redis) keep their queues apart. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
    .optional(),
  /** Push API: requests per minute per API key (a token bucket of this size, refilled over a minute). */
  PUSH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

export type RawConfig = z.output<typeof configSchema>;

export type RunMode = 'production' | 'embedded';

export interface Config extends RawConfig {
  mode: RunMode;
  origin: string;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings from shells and compose files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  const issues = result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.') || '(config)', message: i.message }));
  // Rules across variables are checked on the raw values, so they are reported together with the
  // per-variable problems instead of only after those are fixed.
  const hasDb = Boolean(cleaned.DATABASE_URL);
  const hasRedis = Boolean(cleaned.REDIS_URL);
  if (hasDb !== hasRedis) {
    issues.push({
      path: hasDb ? 'REDIS_URL' : 'DATABASE_URL',
      message: 'set both DATABASE_URL and REDIS_URL for production mode, or neither for embedded mode',
    });
  }
  if (hasDb && hasRedis) {
    for (const key of ['AUTH_SECRET', 'PSEUDONYM_SECRET', 'IDENTITY_KEY']) {
      if (!cleaned[key]) issues.push({ path: key, message: 'is required in production mode' });
    }
  }
  if (!result.success || issues.length > 0) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    throw new DomainError('invalid_input', `Invalid configuration:\n${lines.join('\n')}`, { issues });
  }
  const c = result.data;
  return {
    ...c,
    mode: c.DATABASE_URL && c.REDIS_URL ? 'production' : 'embedded',
    origin: c.ORIGIN ?? `http://localhost:${c.PORT}`,
  };
}
