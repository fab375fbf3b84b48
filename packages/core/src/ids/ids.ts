import { randomBytes } from 'node:crypto';

/**
 * Prefixed, time-sortable identifiers (`sig_01j9…`). The body is 26 Crockford base32 characters:
 * 48 bits of milliseconds then 80 random bits, as in ULID, lower-cased so ids read calmly in URLs.
 * Within one millisecond the random part is incremented rather than redrawn, so ids minted by one
 * process sort in the order they were made; that keeps keyset pagination on `id` stable.
 */
export const ID_PREFIXES = {
  district: 'dst',
  place: 'plc',
  source: 'src',
  item: 'itm',
  identity: 'idn',
  cluster: 'cls',
  lexicon: 'lex',
  lexiconVersion: 'lxv',
  term: 'trm',
  model: 'mdl',
  score: 'scr',
  signal: 'sig',
  label: 'lbl',
  note: 'not',
  narrative: 'nar',
  route: 'rte',
  escalation: 'esc',
  campaign: 'cmp',
  activity: 'act',
  message: 'msg',
  organisation: 'org',
  contact: 'con',
  engagement: 'eng',
  followUp: 'fup',
  training: 'trn',
  risk: 'rsk',
  planAction: 'pla',
  space: 'spc',
  user: 'usr',
  session: 'ses',
  account: 'acc',
  verification: 'ver',
  apiKey: 'key',
  audit: 'aud',
  alert: 'alr',
  reveal: 'rvl',
  savedView: 'svw',
  importJob: 'imp',
  task: 'tsk',
  retention: 'ret',
  retentionRun: 'rrn',
  subscription: 'asb',
  feedToken: 'fdt',
  spaceAction: 'spa',
  legalHold: 'hld',
  alertDelivery: 'ald',
  auditVerification: 'avf',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

let lastTime = -1;
const lastRandom = new Uint8Array(10);

function incrementRandom(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const next = (bytes[i] ?? 0) + 1;
    bytes[i] = next & 0xff;
    if (next <= 0xff) return;
  }
}

function encodeBody(time: number, random: Uint8Array): string {
  let out = '';
  let t = time;
  const timeChars: string[] = [];
  for (let i = 0; i < 10; i++) {
    timeChars.push(ALPHABET[t % 32] ?? '0');
    t = Math.floor(t / 32);
  }
  out += timeChars.reverse().join('');
  // 80 random bits → 16 base32 characters, five bits at a time.
  let buffer = 0;
  let bits = 0;
  for (const byte of random) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31] ?? '0';
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  if (now === lastTime) {
    incrementRandom(lastRandom);
  } else {
    lastTime = now;
    lastRandom.set(randomBytes(10));
  }
  return `${ID_PREFIXES[kind]}_${encodeBody(now, lastRandom)}`;
}

const ID_PATTERN = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;

export function isId(value: string, kind?: IdKind): boolean {
  if (!ID_PATTERN.test(value)) return false;
  return kind === undefined || value.startsWith(`${ID_PREFIXES[kind]}_`);
}

/** The creation time encoded in an id, in milliseconds since the epoch. */
export function idTime(id: string): number {
  const body = id.slice(4, 14);
  let t = 0;
  for (const ch of body) t = t * 32 + ALPHABET.indexOf(ch);
  return t;
}
