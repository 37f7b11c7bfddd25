/**
 * Addresses winshift never connects to for a registry (ADR 0012) unless the host name is in
 * WINSHIFT_REGISTRY_ALLOW: everything that is not the public internet, as the IANA special-purpose
 * registries list it (https://www.iana.org/assignments/iana-ipv4-special-registry,
 * .../iana-ipv6-special-registry), plus Azure's platform address 168.63.129.16
 * (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16). Node's
 * BlockList checks an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) against the IPv4 rules.
 */
import { BlockList, isIP } from 'node:net';

type Range = readonly [network: string, prefix: number];

const RANGES: readonly (readonly [label: string, family: 'ipv4' | 'ipv6', Range[]])[] = [
  ['a loopback address', 'ipv4', [['127.0.0.0', 8]]],
  ['a loopback address', 'ipv6', [['::1', 128]]],
  ['an unspecified or "this network" address', 'ipv4', [['0.0.0.0', 8]]],
  ['an unspecified address', 'ipv6', [['::', 128]]],
  [
    'a private address (RFC 1918)',
    'ipv4',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
  ],
  ['a carrier-grade NAT address (RFC 6598)', 'ipv4', [['100.64.0.0', 10]]],
  ['a link-local address (where cloud metadata services live)', 'ipv4', [['169.254.0.0', 16]]],
  ['a link-local address', 'ipv6', [['fe80::', 10]]],
  ["Azure's platform address (wire server, DNS)", 'ipv4', [['168.63.129.16', 32]]],
  ['a unique local address (RFC 4193)', 'ipv6', [['fc00::', 7]]],
  ['a site-local address', 'ipv6', [['fec0::', 10]]],
  [
    'a reserved, documentation or benchmarking address',
    'ipv4',
    [
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['240.0.0.0', 4],
    ],
  ],
  [
    'a reserved or documentation address',
    'ipv6',
    [
      ['100::', 64],
      ['2001:db8::', 32],
    ],
  ],
  ['a multicast address', 'ipv4', [['224.0.0.0', 4]]],
  ['a multicast address', 'ipv6', [['ff00::', 8]]],
  [
    // They embed an IPv4 address that a gateway reaches: possibly an internal one.
    'an IPv4-translating address (NAT64, 6to4, Teredo)',
    'ipv6',
    [
      ['64:ff9b::', 96],
      ['64:ff9b:1::', 48],
      ['2002::', 16],
      ['2001::', 32],
    ],
  ],
];

const LISTS = RANGES.map(([label, family, ranges]) => {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return { label, list };
});

/** Why `address` is not a public internet address, or undefined when it is. */
export function addressProblem(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(address, type))?.label;
}
