/**
 * The registry's own connections (ADR 0012): an HTTPS agent that checks every address a registry,
 * realm or redirect host resolves to (addresses.ts) unless WINSHIFT_REGISTRY_ALLOW names the host,
 * and dials exactly the checked addresses. In sandbox mode the host map is the resolver: a mapped
 * address (127.0.0.1) is checked like a resolved one, so the sandbox's settings allow its hosts.
 */
import type { Agent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isHostAllowed, type HostAllowList } from '../../domain/registry-policy.js';
import { createHostMapAgent, type HostMap } from '../connect/index.js';
import { addressProblem } from './addresses.js';

export interface RegistryConnectionOptions {
  /** WINSHIFT_REGISTRY_ALLOW: host names that may resolve to internal addresses. */
  readonly allowedHosts?: HostAllowList;
  /** Sandbox mode: the shared host map and the CA that signs its endpoints. */
  readonly hostMap?: HostMap;
  readonly caPem?: string;
  /** The resolver (default `dns.lookup`): tests answer with the addresses they need. */
  readonly lookup?: LookupFunction;
}

export function createRegistryAgent(options: RegistryConnectionOptions = {}): Agent {
  const allowed = options.allowedHosts ?? [];
  return createHostMapAgent({
    hostMap: options.hostMap ?? {},
    caPem: options.caPem ?? '',
    addressGuard: (hostName, address) => {
      if (isHostAllowed(allowed, hostName)) return undefined;
      const problem = addressProblem(address);
      return problem === undefined
        ? undefined
        : `${problem} (the host is not in WINSHIFT_REGISTRY_ALLOW)`;
    },
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
}
