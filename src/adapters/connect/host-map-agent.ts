import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { resolveMappedHost, type HostMap } from '../../domain/host-map.js';

/** Options of {@link createHostMapAgent}. */
export interface HostMapAgentOptions {
  /** Real host name -> `address:port` to dial instead. Unmapped hosts are reached normally. */
  readonly hostMap: HostMap;
  /** PEM of the CA that signs the mapped endpoints' certificates (trusted for mapped hosts only). */
  readonly caPem: string;
  /** Keep connections open between requests (default true). */
  readonly keepAlive?: boolean;
}

/**
 * An HTTPS agent that dials mapped host names at their mapped address while the TLS handshake still
 * names (SNI) and verifies the REAL host name against the given CA. Verification is never relaxed: a
 * mapped host whose certificate does not chain to `caPem` or does not cover the real name fails
 * exactly as it would on the internet. Unmapped hosts are dialled normally with the system roots.
 */
class HostMapAgent extends https.Agent {
  readonly #hostMap: HostMapAgentOptions['hostMap'];
  readonly #caPem: string;

  constructor(options: HostMapAgentOptions) {
    super({ keepAlive: options.keepAlive ?? true });
    this.#hostMap = options.hostMap;
    this.#caPem = options.caPem;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const hostName = options.servername ?? options.hostname ?? options.host ?? '';
    const endpoint = resolveMappedHost(this.#hostMap, hostName);
    if (!endpoint) return super.createConnection(options, callback);
    // Returning the socket synchronously is the Agent contract; the callback is for async creation.
    return tls.connect({
      ...(options as tls.ConnectionOptions),
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
