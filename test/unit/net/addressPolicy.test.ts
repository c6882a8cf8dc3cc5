import assert from 'node:assert/strict';
import { publicAddressesOnly, specialAddressKind } from '../../../src/net/addressPolicy';

// Kinds as the IANA IPv4 and IPv6 special-purpose address registries name the blocks; public
// unicast addresses have none.
const KINDS: [address: string, kind: string | undefined][] = [
  ['0.0.0.0', 'unspecified ("this network")'],
  ['10.1.2.3', 'private'],
  ['100.64.1.1', 'shared (carrier-grade NAT)'],
  ['127.0.0.1', 'loopback'],
  ['169.254.1.1', 'link-local'],
  ['172.16.5.5', 'private'],
  ['192.0.0.1', 'reserved (IETF protocol assignments)'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', 'reserved (6to4 relay anycast)'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'reserved (benchmarking)'],
  ['198.51.100.1', 'documentation'],
  ['203.0.113.1', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['8.8.8.8', undefined],
  ['1.1.1.1', undefined],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::1.2.3.4', 'IPv4-compatible'],
  ['::8.8.8.8', 'IPv4-compatible'],
  ['::ffff:8.8.8.8', undefined],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:0:808:808', 'IPv4-translated'],
  ['64:ff9b::1', 'IPv4/IPv6 translation (NAT64)'],
  ['64:ff9b:1::1', 'IPv4/IPv6 translation (NAT64)'],
  ['100::1', 'discard-only'],
  ['2001::1', 'reserved (IETF protocol assignments, Teredo)'],
  ['2001:db8::1', 'documentation'],
  ['2002::1', '6to4'],
  ['3fff::1', 'documentation'],
  ['fc00::1', 'unique-local'],
  ['fd00::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['2606:4700::1', undefined],
  ['4000::1', 'reserved (not global unicast)'],
  ['::ffff:7f00:1', 'loopback'],
  ['[::1]', 'loopback'],
  ['fe80::1%eth0', 'link-local'],
  ['hello', 'not an IP address'],
  ['2001:4860:4860::8888', undefined],
  ['::127.0.0.1', 'IPv4-compatible'],
  ['::ffff:0:0:0', 'IPv4-translated'],
  ['::ffff:0:1.2.3.4', 'IPv4-translated'],
];

describe('specialAddressKind', () => {
  for (const [address, kind] of KINDS) {
    it(`${address}: ${kind ?? 'public'}`, () => assert.equal(specialAddressKind(address), kind));
  }

  it('refuses every special address and allows public ones, on any port', () => {
    assert.equal(publicAddressesOnly('10.0.0.1', 443), '10.0.0.1 is a private address');
    assert.equal(publicAddressesOnly('8.8.8.8', 8080), undefined);
  });
});
