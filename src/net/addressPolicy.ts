import { BlockList, isIP } from 'node:net';

/**
 * Decides whether a connection to `address:port` may be made; returns why not, or undefined to
 * allow it. Consulted for every address a host name resolves to and again for the address the
 * socket actually connected to. Tests inject one that also allows their own listener.
 */
export type AddressPolicy = (address: string, port: number) => string | undefined;

interface Range {
  kind: string;
  list: BlockList;
}

/** One BlockList per kind of address, in the order the kinds first appear in `table`. */
function ranges(table: [kind: string, cidr: string][]): Range[] {
  const byKind = new Map<string, BlockList>();
  for (const [kind, cidr] of table) {
    const [network, prefix] = cidr.split('/');
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = new BlockList()));
    list.addSubnet(network, Number(prefix), isIP(network) === 4 ? 'ipv4' : 'ipv6');
  }
  return [...byKind].map(([kind, list]) => ({ kind, list }));
}

// The IANA special-purpose address registries, IPv4 then IPv6: nothing here is a public web server.
const SPECIAL_PURPOSE = ranges([
  ['unspecified ("this network")', '0.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['shared (carrier-grade NAT)', '100.64.0.0/10'],
  ['loopback', '127.0.0.0/8'],
  ['link-local', '169.254.0.0/16'],
  ['private', '172.16.0.0/12'],
  ['reserved (IETF protocol assignments)', '192.0.0.0/24'],
  ['documentation', '192.0.2.0/24'],
  ['reserved (6to4 relay anycast)', '192.88.99.0/24'],
  ['private', '192.168.0.0/16'],
  ['reserved (benchmarking)', '198.18.0.0/15'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['multicast', '224.0.0.0/4'],
  ['reserved', '240.0.0.0/4'],
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['IPv4-compatible', '::/96'],
  ['IPv4-translated', '::ffff:0:0:0/96'],
  ['IPv4/IPv6 translation (NAT64)', '64:ff9b::/96'],
  ['IPv4/IPv6 translation (NAT64)', '64:ff9b:1::/48'],
  ['discard-only', '100::/64'],
  ['reserved (IETF protocol assignments, Teredo)', '2001::/23'],
  ['documentation', '2001:db8::/32'],
  ['6to4', '2002::/16'],
  ['documentation', '3fff::/20'],
  ['unique-local', 'fc00::/7'],
  ['link-local', 'fe80::/10'],
  ['site-local', 'fec0::/10'],
  ['multicast', 'ff00::/8'],
]);

const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** An IPv4 address written inside IPv6 as `::ffff:a.b.c.d` or `::ffff:hhhh:hhhh`, as IPv4. */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return isIP(dotted[1]) === 4 ? dotted[1] : undefined;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * What kind of special address `address` is (loopback, private, link-local, ...), or undefined for
 * a public unicast address. Accepts what a socket or resolver reports, with or without brackets or
 * an IPv6 zone; anything that is not an IP address at all counts as special.
 */
export function specialAddressKind(address: string): string | undefined {
  let ip = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const mapped = mappedIpv4(ip);
  if (mapped) ip = mapped;
  const family = isIP(ip);
  if (family === 4) {
    if (ip === '255.255.255.255') return 'broadcast';
    return SPECIAL_PURPOSE.find((r) => r.list.check(ip, 'ipv4'))?.kind;
  }
  if (family === 6) {
    const kind = SPECIAL_PURPOSE.find((r) => r.list.check(ip, 'ipv6'))?.kind;
    if (kind) return kind;
    return GLOBAL_UNICAST_V6.check(ip, 'ipv6') ? undefined : 'reserved (not global unicast)';
  }
  return 'not an IP address';
}

/** The policy for images in documents: public unicast addresses only, on any port. */
export const publicAddressesOnly: AddressPolicy = (address) => {
  const kind = specialAddressKind(address);
  return kind && `${address} is a ${kind} address`;
};
