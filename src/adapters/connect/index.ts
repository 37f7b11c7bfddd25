// The one mechanism by which clients reach the sandbox (DESIGN 3b): a host map plus a CA in one shared
// agent and SDK HttpClient, and a static-token credential that refuses to run in Azure. It depends on
// nothing else under src/sandbox so it can move to src/adapters unchanged.
import type { Agent } from 'node:https';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { createHostMapAgent } from './host-map-agent.js';
import { createAgentHttpClient } from './http-client.js';
import type { HostMap } from '../../domain/host-map.js';

export {
  AddressRefusedError,
  createHostMapAgent,
  type AddressGuard,
  type HostMapAgentOptions,
} from './host-map-agent.js';
export { createAgentHttpClient } from './http-client.js';
export {
  parseEndpoint,
  parseHostMapSetting,
  resolveMappedHost,
  type HostEndpoint,
  type HostMap,
} from '../../domain/host-map.js';
export {
  createStaticTokenCredential,
  StaticTokenInAzureError,
  type StaticTokenCredentialOptions,
  type StaticTokenEnvironment,
} from './static-token-credential.js';

/** The shared transport: one agent and the SDK HttpClient over it. */
export interface MappedTransport {
  readonly agent: Agent;
  readonly httpClient: HttpClient;
}

/** Builds the shared agent and HttpClient for a host map and the CA that signs its endpoints. */
export function createMappedTransport(hostMap: HostMap, caPem: string): MappedTransport {
  const agent = createHostMapAgent({ hostMap, caPem });
  return { agent, httpClient: createAgentHttpClient(agent) };
}
