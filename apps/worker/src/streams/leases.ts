import type { Redis } from 'ioredis';
import type { StreamLeases } from './supervisor.js';

/**
 * Stream leases in Redis: `SET NX PX` to take a free lease, a compare-and-extend to keep one's own.
 * A worker that dies stops renewing, so another takes the stream over once the lease expires.
 */
export function redisLeases(redis: Redis, holder: string, prefix: string, ttlMs = 90_000): StreamLeases {
  const key = (sourceId: string) => `${prefix}:stream-lease:${sourceId}`;
  return {
    async claim(sourceId) {
      const k = key(sourceId);
      if ((await redis.set(k, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
      // Extend only our own lease, atomically.
      const extended = await redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
        1,
        k,
        holder,
        String(ttlMs),
      );
      return extended === 1;
    },
    async release(sourceId) {
      await redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        1,
        key(sourceId),
        holder,
      );
    },
  };
}
