import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, parseIdentityKey, type IdentityKey } from '@counterpoint/core';
import { config } from './env.js';

/**
 * The capture secrets the web app needs for identity reveals (the AES key that opens identities)
 * and subject access requests (the HMAC secret that turns a handle into its pseudonym). They must
 * be the worker's: production takes them from configuration; embedded mode shares the worker's
 * generated file in the data directory (same name and protocol as apps/worker/src/pipeline/secrets.ts,
 * whichever process starts first writes it, exclusively).
 */
export interface WebCaptureSecrets {
  pseudonymSecret: string;
  identityKey: IdentityKey;
}

const FILE = 'capture-secrets.json';
let cached: WebCaptureSecrets | undefined;

export function captureSecrets(): WebCaptureSecrets {
  if (cached) return cached;
  const c = config();
  if (c.PSEUDONYM_SECRET && c.IDENTITY_KEY) {
    cached = {
      pseudonymSecret: c.PSEUDONYM_SECRET,
      identityKey: { key: parseIdentityKey(c.IDENTITY_KEY), version: 1 },
    };
    return cached;
  }
  if (c.mode !== 'embedded') {
    throw new DomainError('unavailable', 'Identity keys are not configured, so identities cannot be opened.');
  }
  const path = join(c.COUNTERPOINT_DATA_DIR, FILE);
  let stored: { pseudonymSecret?: string; identityKey?: string } | undefined;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as typeof stored;
  } catch {
    stored = undefined;
  }
  if (!stored?.pseudonymSecret || !stored.identityKey) {
    stored = {
      pseudonymSecret: c.PSEUDONYM_SECRET ?? randomBytes(32).toString('base64url'),
      identityKey: c.IDENTITY_KEY ?? randomBytes(32).toString('base64'),
    };
    mkdirSync(c.COUNTERPOINT_DATA_DIR, { recursive: true });
    try {
      writeFileSync(path, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      stored = JSON.parse(readFileSync(path, 'utf8')) as { pseudonymSecret: string; identityKey: string };
    }
  }
  cached = {
    pseudonymSecret: c.PSEUDONYM_SECRET ?? stored.pseudonymSecret!,
    identityKey: { key: parseIdentityKey(c.IDENTITY_KEY ?? stored.identityKey!), version: 1 },
  };
  return cached;
}
