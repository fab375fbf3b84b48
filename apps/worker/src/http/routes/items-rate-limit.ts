import type { Config } from '@counterpoint/core';
import { Redis } from 'ioredis';

/** Whether a request may go ahead and, when not, how long until it may. */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
}

export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
}

export interface BucketShape {
  /** Most requests in a burst. */
  capacity: number;
  /** Tokens added per millisecond. */
  perMs: number;
}

export function bucketFromConfig(config: Pick<Config, 'PUSH_RATE_LIMIT_PER_MINUTE'>): BucketShape {
  const perMinute = config.PUSH_RATE_LIMIT_PER_MINUTE;
  return { capacity: perMinute, perMs: perMinute / 60_000 };
}

/**
 * A token bucket per key in this process's memory: right for embedded mode, where one process
 * serves the API. Buckets idle long enough to be full again are forgotten.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly shape: BucketShape,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string): Promise<RateDecision> {
    const now = this.clock();
    const { capacity, perMs } = this.shape;
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) {
      for (const [k, v] of this.buckets)
        if (v.tokens + (now - v.at) * perMs >= capacity) this.buckets.delete(k);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return Promise.resolve({ allowed: true, retryAfterMs: 0 });
    }
    return Promise.resolve({ allowed: false, retryAfterMs: Math.ceil((1 - b.tokens) / perMs) });
  }
}

// The same bucket, kept in Redis and updated atomically by one script, using Redis's clock so every
// API process (whatever its own clock says) draws from one bucket per key.
const TAKE = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
return {allowed, wait}
`;

const connections = new Map<string, Redis>();

function connection(url: string): Redis {
  let redis = connections.get(url);
  if (!redis) {
    // A request waits at most a moment for Redis: a rate limit must not hang the API.
    redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    redis.on('error', () => undefined);
    connections.set(url, redis);
  }
  return redis;
}

/** Production mode: buckets in Redis, shared by every API process. The connection opens on first use. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly url: string,
    private readonly keyPrefix: string,
    private readonly shape: BucketShape,
  ) {}

  async take(key: string): Promise<RateDecision> {
    const [allowed, wait] = (await connection(this.url).eval(
      TAKE,
      1,
      `${this.keyPrefix}:${key}`,
      String(this.shape.capacity),
      String(this.shape.perMs),
    )) as [number, number];
    return { allowed: allowed === 1, retryAfterMs: Number(wait) };
  }
}

/** Closes the limiters' Redis connections (tests and orderly shutdown). */
export async function closeRateLimitConnections(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  await Promise.all(all.map((r) => r.quit().catch(() => r.disconnect())));
}

export function rateLimiterFor(config: Config, distributed: boolean): RateLimiter {
  const shape = bucketFromConfig(config);
  if (distributed && config.REDIS_URL) {
    return new RedisRateLimiter(
      config.REDIS_URL,
      `${config.QUEUE_PREFIX ?? 'counterpoint'}:rate:push`,
      shape,
    );
  }
  return new MemoryRateLimiter(shape);
}
