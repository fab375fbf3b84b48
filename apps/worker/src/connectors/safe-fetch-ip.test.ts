import { describe, expect, it } from 'vitest';
import { blockedReason, cidrContains, parseIPv6 } from './safe-fetch-ip.js';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.10.1', 'private network'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['0.0.0.0', '"this network"'],
    ['0.1.2.3', '"this network"'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'loopback address of this machine, reached through an IPv4-mapped'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.1.1', 'private network, reached through an IPv4-mapped'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::10.0.0.1', 'private network, reached through NAT64'],
    ['64:ff9b::a9fe:a9fe', 'link-local address, reached through NAT64'],
    ['64:ff9b:1::1', 'local NAT64'],
    ['2002:7f00:1::1', 'reached through 6to4'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['2001::1', 'reserved'],
    ['fe80::1%eth0', 'link-local'],
    ['nonsense', 'not a valid IP address'],
  ])('%s is refused (%s)', (address, why) => {
    expect(blockedReason(address)).toContain(why);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '2a00:1450:4009:81f::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(blockedReason(address)).toBeUndefined();
  });
});

describe('cidrContains and parseIPv6', () => {
  it('matches IPv4 and IPv6 CIDRs and single addresses', () => {
    expect(cidrContains('127.0.0.0/8', '127.1.2.3')).toBe(true);
    expect(cidrContains('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.255.1')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.1')).toBe(false);
    expect(cidrContains('fd00::/8', 'fd12::1')).toBe(true);
    expect(cidrContains('::1', '::1')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '::1')).toBe(false);
  });

  it('parses compressed forms and embedded dotted quads', () => {
    expect(parseIPv6('::ffff:1.2.3.4')).toBe(0xffff01020304n);
    expect(parseIPv6('1::')).toBe(1n << 112n);
    expect(parseIPv6('[::1]')).toBe(1n);
    expect(parseIPv6('1.2.3.4')).toBeUndefined();
  });
});
