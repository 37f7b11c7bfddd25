import { describe, expect, it } from '@jest/globals';
import { addressProblem } from '../../../../src/adapters/registry/index.js';

describe('addresses a registry name may not resolve to', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['0.0.0.0', 'an unspecified or "this network" address'],
    ['10.1.2.3', 'a private address (RFC 1918)'],
    ['172.31.255.255', 'a private address (RFC 1918)'],
    ['192.168.0.10', 'a private address (RFC 1918)'],
    ['::ffff:a01:203', 'a private address (RFC 1918)'],
    ['100.100.100.200', 'a carrier-grade NAT address (RFC 6598)'],
    ['169.254.169.254', 'a link-local address (where cloud metadata services live)'],
    ['fe80::1', 'a link-local address'],
    ['168.63.129.16', "Azure's platform address (wire server, DNS)"],
    ['fd00:ec2::254', 'a unique local address (RFC 4193)'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved, documentation or benchmarking address'],
    ['64:ff9b::a00:1', 'an IPv4-translating address (NAT64, 6to4, Teredo)'],
    ['2002:a00:1::1', 'an IPv4-translating address (NAT64, 6to4, Teredo)'],
    ['not-an-address', 'not an IP address'],
  ])('%s is %s', (address, problem) => {
    expect(addressProblem(address)).toBe(problem);
  });

  it.each([
    '20.61.0.1',
    '13.107.246.10',
    '172.32.0.1',
    '100.128.0.1',
    '2603:1030::1',
    '::ffff:8.8.8.8',
  ])('%s is a public address', (address) => {
    expect(addressProblem(address)).toBeUndefined();
  });
});
