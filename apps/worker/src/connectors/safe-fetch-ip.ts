import { isIP } from 'node:net';

/**
 * Which addresses Counterpoint will not fetch from, and why in words. Anything that is not plainly
 * public unicast is refused: a feed URL is typed by a user (or arrives by redirect), so it must never
 * become a way to reach the machine itself, the office network or a cloud metadata service.
 */

interface Range4 {
  base: number;
  bits: number;
  why: string;
}

const ip4 = (s: string): number => s.split('.').reduce((n, part) => n * 256 + Number(part), 0);

const V4: Range4[] = [
  ['0.0.0.0', 8, 'the "this network" range'],
  ['10.0.0.0', 8, 'a private network'],
  ['100.64.0.0', 10, 'the carrier-grade NAT range'],
  ['127.0.0.0', 8, 'the loopback address of this machine'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private network'],
  ['192.0.0.0', 24, 'a reserved range'],
  ['192.0.2.0', 24, 'a documentation range'],
  ['192.88.99.0', 24, 'a reserved range'],
  ['192.168.0.0', 16, 'a private network'],
  ['198.18.0.0', 15, 'the benchmarking range'],
  ['198.51.100.0', 24, 'a documentation range'],
  ['203.0.113.0', 24, 'a documentation range'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['255.255.255.255', 32, 'the broadcast address'],
  ['240.0.0.0', 4, 'a reserved range'],
].map(([base, bits, why]) => ({ base: ip4(base as string), bits: bits as number, why: why as string }));

function in4(n: number, r: { base: number; bits: number }): boolean {
  if (r.bits === 0) return true;
  const shift = 32 - r.bits;
  return Math.floor(n / 2 ** shift) === Math.floor(r.base / 2 ** shift);
}

export function parseIPv4(s: string): number | undefined {
  if (isIP(s) !== 4) return undefined;
  return ip4(s);
}

/** 128-bit value of an IPv6 address (zone ids and embedded dotted quads allowed). */
export function parseIPv6(input: string): bigint | undefined {
  let s = input.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return undefined;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted?.[1]) {
    const v = ip4(dotted[1]);
    s = `${s.slice(0, dotted.index)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const V6_BITS = 128n;
function in6(v: bigint, base: bigint, bits: number): boolean {
  const shift = V6_BITS - BigInt(bits);
  return v >> shift === base >> shift;
}

const v6 = (s: string): bigint => parseIPv6(s) ?? 0n;

function describe4(n: number): string | undefined {
  return V4.find((r) => in4(n, r))?.why;
}

function describe6(v: bigint): string | undefined {
  if (v === 0n) return 'the unspecified address';
  if (v === 1n) return 'the loopback address of this machine';
  const low32 = Number(v & 0xffffffffn);
  const embedded = (how: string): string | undefined => {
    const why = describe4(low32);
    return why ? `${why}, reached through ${how}` : undefined;
  };
  if (in6(v, v6('::ffff:0:0'), 96)) return embedded('an IPv4-mapped IPv6 address');
  if (in6(v, 0n, 96)) return embedded('an IPv4-compatible IPv6 address') ?? 'a reserved range';
  if (in6(v, v6('64:ff9b::'), 96)) return embedded('NAT64');
  if (in6(v, v6('64:ff9b:1::'), 48)) return 'a local NAT64 range';
  if (in6(v, v6('100::'), 64)) return 'a reserved range';
  if (in6(v, v6('2001:db8::'), 32) || in6(v, v6('3fff::'), 20)) return 'a documentation range';
  if (in6(v, v6('2001::'), 23)) return 'a reserved range';
  if (in6(v, v6('2002::'), 16)) {
    const why = describe4(Number((v >> 80n) & 0xffffffffn));
    return why ? `${why}, reached through 6to4` : undefined;
  }
  if (in6(v, v6('fc00::'), 7)) return 'a unique-local IPv6 network (private)';
  if (in6(v, v6('fe80::'), 10)) return 'a link-local address';
  if (in6(v, v6('fec0::'), 10)) return 'a reserved range';
  if (in6(v, v6('ff00::'), 8)) return 'a multicast address';
  if (!in6(v, v6('2000::'), 3)) return 'a reserved range';
  return undefined;
}

/** Why an address is refused, or undefined when it is public unicast. Unparseable counts as refused. */
export function blockedReason(address: string): string | undefined {
  const n = parseIPv4(address);
  if (n !== undefined) return describe4(n);
  const v = parseIPv6(address);
  if (v !== undefined) return describe6(v);
  return 'not a valid IP address';
}

/** An allow-list entry: a CIDR or single address ("10.0.0.0/8", "::1", "127.0.0.1/32"). */
export function cidrContains(cidr: string, address: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const b4 = parseIPv4(base);
  const a4 = parseIPv4(address);
  if (b4 !== undefined && a4 !== undefined) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    return bits >= 0 && bits <= 32 && in4(a4, { base: b4, bits });
  }
  const b6 = parseIPv6(base);
  const a6 = parseIPv6(address);
  if (b6 !== undefined && a6 !== undefined) {
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    return bits >= 0 && bits <= 128 && in6(a6, b6, bits);
  }
  return false;
}

export function isAddressEntry(entry: string): boolean {
  const base = entry.split('/')[0] ?? '';
  return isIP(base.replace(/^\[|\]$/g, '')) !== 0;
}
