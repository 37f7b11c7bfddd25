import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { resolveMappedHost, type HostMap } from '../../domain/host-map.js';

/**
 * Decides whether a connection for `hostName` may go to `address` (a resolved or mapped address):
 * the reason it may not, or undefined.
 */
export type AddressGuard = (hostName: string, address: string) => string | undefined;

/** Options of {@link createHostMapAgent}. */
export interface HostMapAgentOptions {
  /** Real host name -> `address:port` to dial instead. Unmapped hosts are reached normally. */
  readonly hostMap: HostMap;
  /** PEM of the CA that signs the mapped endpoints' certificates (trusted for mapped hosts only). */
  readonly caPem: string;
  /** Keep connections open between requests (default true). */
  readonly keepAlive?: boolean;
  /**
   * Checks every address before it is dialled: each address a name resolves to (the connection then
   * goes to the checked addresses, so DNS cannot switch them afterwards) and a mapped address.
   */
  readonly addressGuard?: AddressGuard;
  /** The resolver the guard sees (default `dns.lookup`); tests pass their own. */
  readonly lookup?: LookupFunction;
}

/** The error a refused address fails the request with (its code is classified, network.ts). */
export class AddressRefusedError extends Error {
  readonly code = 'WINSHIFT_ADDRESS_REFUSED';
  constructor(hostName: string, address: string, reason: string) {
    super(`${hostName} resolves to ${address}, ${reason}`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * A resolver that resolves once, checks every address, and hands net exactly those addresses: the
 * socket connects to what was checked.
 */
function guardedLookup(
  hostName: string,
  guard: AddressGuard,
  resolve: LookupFunction,
): LookupFunction {
  return (name, options, callback) => {
    resolve(name, { ...options, all: true }, (error, resolved) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(resolved) ? resolved : [];
      for (const { address } of addresses) {
        const reason = guard(hostName, address);
        if (reason !== undefined) {
          callback(new AddressRefusedError(hostName, address, reason), '', 0);
          return;
        }
      }
      const [first] = addresses;
      if (first === undefined) {
        callback(
          Object.assign(new Error(`no address for ${hostName}`), { code: 'ENOTFOUND' }),
          '',
          0,
        );
      } else if (options.all === true) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

/**
 * An HTTPS agent that dials mapped host names at their mapped address while the TLS handshake still
 * names (SNI) and verifies the REAL host name against the given CA. Verification is never relaxed: a
 * mapped host whose certificate does not chain to `caPem` or does not cover the real name fails
 * exactly as it would on the internet. Unmapped hosts are dialled normally with the system roots.
 * With an address guard, every address is checked before it is dialled.
 */
class HostMapAgent extends https.Agent {
  readonly #hostMap: HostMapAgentOptions['hostMap'];
  readonly #caPem: string;
  readonly #guard: AddressGuard | undefined;
  readonly #lookup: LookupFunction;

  constructor(options: HostMapAgentOptions) {
    super({ keepAlive: options.keepAlive ?? true });
    this.#hostMap = options.hostMap;
    this.#caPem = options.caPem;
    this.#guard = options.addressGuard;
    this.#lookup = options.lookup ?? dnsLookup;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const hostName = options.servername ?? options.hostname ?? options.host ?? '';
    const endpoint = resolveMappedHost(this.#hostMap, hostName);
    const dialled = endpoint?.host ?? hostName;
    const guard = this.#guard;
    if (guard !== undefined && isIP(dialled) !== 0) {
      // An address needs no lookup (net skips it): check it here.
      const reason = guard(hostName, dialled);
      if (reason !== undefined) {
        callback?.(new AddressRefusedError(hostName, dialled, reason), undefined as never);
        return undefined;
      }
    }
    const lookup =
      guard === undefined ? {} : { lookup: guardedLookup(hostName, guard, this.#lookup) };
    if (!endpoint) return super.createConnection({ ...options, ...lookup }, callback);
    // Returning the socket synchronously is the Agent contract; the callback is for async creation.
    return tls.connect({
      ...(options as tls.ConnectionOptions),
      ...lookup,
      host: endpoint.host,
      port: endpoint.port,
      servername: hostName,
      ca: this.#caPem,
      rejectUnauthorized: true,
    });
  }
}

/** Builds the ONE shared agent every client of a process uses to reach mapped hosts. */
export function createHostMapAgent(options: HostMapAgentOptions): https.Agent {
  return new HostMapAgent(options);
}
