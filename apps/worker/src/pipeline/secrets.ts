import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, parseIdentityKey, type Config } from '@counterpoint/core';
import type { PrepareOptions } from './prepare.js';

export type CaptureSecrets = Pick<PrepareOptions, 'pseudonymSecret' | 'identityKey'>;

const FILE = 'capture-secrets.json';

/**
 * The two secrets capture needs. Production mode requires them in configuration (parseConfig
 * enforces it). Embedded mode may run without them: then they are generated once and kept in the
 * data directory (owner-only file), because pseudonyms must stay the same across restarts or one
 * author's posts stop linking, and identities sealed earlier must stay readable.
 */
export function captureSecrets(
  config: Pick<Config, 'PSEUDONYM_SECRET' | 'IDENTITY_KEY' | 'mode' | 'COUNTERPOINT_DATA_DIR'>,
): CaptureSecrets {
  if (config.PSEUDONYM_SECRET && config.IDENTITY_KEY) {
    return {
      pseudonymSecret: config.PSEUDONYM_SECRET,
      identityKey: { key: parseIdentityKey(config.IDENTITY_KEY), version: 1 },
    };
  }
  if (config.mode !== 'embedded') {
    throw new DomainError(
      'invalid_state',
      'PSEUDONYM_SECRET and IDENTITY_KEY must be set: authors are pseudonymised at capture.',
    );
  }
  const path = join(config.COUNTERPOINT_DATA_DIR, FILE);
  let stored: { pseudonymSecret: string; identityKey: string } | undefined;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as typeof stored;
  } catch {
    stored = undefined;
  }
  if (!stored?.pseudonymSecret || !stored.identityKey) {
    stored = {
      pseudonymSecret: config.PSEUDONYM_SECRET ?? randomBytes(32).toString('base64url'),
      identityKey: config.IDENTITY_KEY ?? randomBytes(32).toString('base64'),
    };
    mkdirSync(config.COUNTERPOINT_DATA_DIR, { recursive: true });
    try {
      writeFileSync(path, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (web and worker start together) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      stored = JSON.parse(readFileSync(path, 'utf8')) as { pseudonymSecret: string; identityKey: string };
    }
  }
  return {
    pseudonymSecret: config.PSEUDONYM_SECRET ?? stored.pseudonymSecret,
    identityKey: { key: parseIdentityKey(config.IDENTITY_KEY ?? stored.identityKey), version: 1 },
  };
}
