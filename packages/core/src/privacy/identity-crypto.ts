import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../errors/errors.js';

/** Who an author really is: only ever stored encrypted. */
export interface Identity {
  handle: string;
  displayName?: string | undefined;
  profileUrl?: string | undefined;
}

/** The stored form: base64 ciphertext, IV and GCM tag, and which key sealed it. */
export interface SealedIdentity {
  ciphertext: string;
  iv: string;
  tag: string;
  keyVersion: number;
}

export interface IdentityKey {
  /** 32 bytes. */
  key: Uint8Array;
  /** Recorded beside each ciphertext so keys can be rotated. */
  version: number;
}

const ALGORITHM = 'aes-256-gcm';

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== 32) throw new DomainError('invalid_input', 'The identity key must be 32 bytes.');
}

/** Parses the 32-byte key as configuration carries it (`IDENTITY_KEY`, base64). */
export function parseIdentityKey(base64: string): Uint8Array {
  const buf = Buffer.from(base64.trim(), 'base64');
  checkKey(buf);
  return new Uint8Array(buf);
}

/**
 * Additional authenticated data binds a ciphertext to its pseudonym when one is given: a row's
 * ciphertext copied onto another pseudonym then fails to decrypt instead of naming the wrong person.
 */
function aadFor(pseudonym: string | undefined): Buffer | undefined {
  return pseudonym === undefined ? undefined : Buffer.from(`identity:${pseudonym}`, 'utf8');
}

/** AES-256-GCM with a fresh random 12-byte IV per identity. */
export function encryptIdentity(
  key: IdentityKey | Uint8Array,
  identity: Identity,
  pseudonym?: string,
): SealedIdentity {
  const k = key instanceof Uint8Array ? { key, version: 1 } : key;
  checkKey(k.key);
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, k.key, iv);
  const aad = aadFor(pseudonym);
  if (aad) cipher.setAAD(aad);
  const body: Identity = { handle: identity.handle };
  if (identity.displayName) body.displayName = identity.displayName;
  if (identity.profileUrl) body.profileUrl = identity.profileUrl;
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    keyVersion: k.version,
  };
}

/**
 * Decrypts a sealed identity. `keys` maps key versions to keys (or is the one key). A wrong key,
 * a tampered ciphertext, IV or tag, or a ciphertext moved to another pseudonym all fail with an
 * `invalid_state` error (reason `identity_tampered`) rather than returning garbage.
 */
export function decryptIdentity(
  keys: IdentityKey | Uint8Array | ReadonlyMap<number, Uint8Array>,
  sealed: SealedIdentity,
  pseudonym?: string,
): Identity {
  let key: Uint8Array | undefined;
  if (keys instanceof Uint8Array) key = keys;
  else if (keys instanceof Map) key = (keys as ReadonlyMap<number, Uint8Array>).get(sealed.keyVersion);
  else {
    const k = keys as IdentityKey;
    key = k.version === sealed.keyVersion ? k.key : undefined;
  }
  if (!key) {
    throw new DomainError('invalid_state', `No identity key with version ${sealed.keyVersion}.`, {
      reason: 'unknown_key_version',
    });
  }
  checkKey(key);
  try {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== 12 || tag.length !== 16) throw new Error('bad iv or tag length');
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: 16 });
    const aad = aadFor(pseudonym);
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    const parsed = JSON.parse(plain) as Identity;
    if (typeof parsed.handle !== 'string') throw new Error('no handle');
    return parsed;
  } catch {
    throw new DomainError(
      'invalid_state',
      'The identity could not be decrypted: wrong key, or the stored record was altered.',
      { reason: 'identity_tampered' },
    );
  }
}
