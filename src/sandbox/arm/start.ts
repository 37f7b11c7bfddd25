import type { Server } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import {
  createMappedTransport,
  createStaticTokenCredential,
  type HostMap,
  type MappedTransport,
} from '../../adapters/connect/index.js';
import { EntraIssuer } from '../entra/issuer.js';
import { createImageLookup, buildRegistries, type ImageLookup } from '../state/images.js';
import { noPoolHooks, type PoolHooks } from '../state/pool-hooks.js';
import type { ControlPlaneSpec, FaultSpec, LatencyProfile, Scenario } from '../state/scenario.js';
import { World } from '../state/world.js';
import { createSandboxPki } from '../tls/pki.js';
import { ARM_BASE_URL, type EmulatorContext } from './context.js';
import { FaultBook, type ArmedFault } from './faults.js';
import { AsyncOperations } from './lro.js';
import { OperationLog, type OperationRecord } from './operation-log.js';
import { startHttpsServer } from './server.js';
import { applyLatency } from './admin.js';
import { createServiceResolver, hostNamesOf, registryHostsOf } from './services.js';
import { EventGridTopic } from '../eventgrid/topic.js';

export const ARM_HOST = new URL(ARM_BASE_URL).host;

export interface ArmEmulatorOptions {
  /** Told when pools are created/deleted (the Kubernetes side). Default: nothing happens. */
  readonly hooks?: PoolHooks;
  /** Control plane of clusters whose scenario names none. */
  readonly defaultControlPlane?: ControlPlaneSpec;
}

export interface RunningArmEmulator {
  /** The HTTPS port on 127.0.0.1. */
  readonly port: number;
  /** PEM of the CA that issued the server certificate (fresh per start). */
  readonly caPem: string;
  /** Real host name (or `*.vault.azure.net`) -> `127.0.0.1:<port>`: the setting clients need. */
  readonly hostMap: HostMap;
  /** The live world (tests may inspect it). */
  readonly world: World;
  /** The tenant's token issuer: signs access tokens (entra/issuer.ts). */
  readonly entra: EntraIssuer;
  /** Platforms of an image reference, for the node agent. */
  readonly lookupImage: ImageLookup;
  /**
   * The registry and token realm hosts the emulator serves: winshift's WINSHIFT_REGISTRY_ALLOW in the
   * sandbox (they are mapped to 127.0.0.1, which the registry adapter refuses otherwise; ADR 0012).
   */
  readonly registryHosts: readonly string[];
  /** A shared agent + SDK HttpClient over the host map (built once, same as production's). */
  readonly transport: MappedTransport;
  /** The Event Grid topic (eventgrid/topic.ts): what winshift published. */
  readonly topic: EventGridTopic;
  /** A static-token credential acting as `principalId` (token `sandbox:<principalId>`). */
  credentialFor(principalId: string): TokenCredential;
  operations(): readonly OperationRecord[];
  clearOperations(): void;
  setFault(fault: FaultSpec): ArmedFault;
  /** Changes latencies from now on (operations already running keep theirs). */
  setLatency(profile: LatencyProfile): void;
  clearFaults(operationId?: string): void;
  /** Sets the control plane of one cluster (by ARM id), or the default one. */
  setControlPlane(controlPlane: ControlPlaneSpec, clusterId?: string): void;
  stop(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the ARM + Key Vault + registry emulator for a scenario on a free 127.0.0.1 port. */
export async function startArmEmulator(
  scenario: Scenario,
  options: ArmEmulatorOptions = {},
): Promise<RunningArmEmulator> {
  const world = new World(scenario);
  const registries = buildRegistries(scenario.registries ?? []);
  const latency = scenario.latency ?? {};
  const emulator: EmulatorContext = {
    world,
    registries,
    faults: new FaultBook(),
    operations: new OperationLog(),
    lro: new AsyncOperations(),
    hooks: options.hooks ?? noPoolHooks,
    entra: new EntraIssuer(world.tenantId),
    latency: {
      requestMs: latency.requestMs ?? 0,
      operationMs: latency.operationMs,
      poolProvisioningMs: latency.poolProvisioningMs ?? 50,
      poolDeletionMs: latency.poolDeletionMs ?? 50,
      lroRetryAfterSeconds: latency.lroRetryAfterSeconds ?? 1,
    },
    clusterPageSize: scenario.clusterPageSize ?? 100,
    defaultControlPlane: options.defaultControlPlane,
    aksErrorsWrapped: scenario.aksErrorsWrapped ?? false,
  };
  for (const fault of scenario.faults ?? []) emulator.faults.add(fault);
  const registryHosts = registryHostsOf(registries);
  const hostNames = hostNamesOf(ARM_HOST, registryHosts);
  const pki = createSandboxPki(hostNames);
  const topic = new EventGridTopic(emulator.entra);
  const { server, port } = await startHttpsServer(
    emulator,
    pki,
    createServiceResolver(ARM_HOST, registries, topic),
    ARM_HOST,
  );
  const hostMap: HostMap = Object.fromEntries(hostNames.map((name) => [name, `127.0.0.1:${port}`]));
  const transport = createMappedTransport(hostMap, pki.caPem);
  return {
    port,
    caPem: pki.caPem,
    hostMap,
    world,
    entra: emulator.entra,
    lookupImage: createImageLookup(registries),
    registryHosts,
    transport,
    topic,
    credentialFor: (principalId) =>
      createStaticTokenCredential({ token: `sandbox:${principalId}`, environment: {} }),
    operations: () => emulator.operations.list(),
    clearOperations: () => emulator.operations.clear(),
    setFault: (fault) => emulator.faults.add(fault),
    setLatency: (profile) => applyLatency(emulator, profile),
    clearFaults: (operationId) => emulator.faults.clear(operationId),
    setControlPlane: (controlPlane, clusterId) => {
      if (clusterId === undefined) {
        emulator.defaultControlPlane = controlPlane;
        return;
      }
      const cluster = world.clusters.get(clusterId.toLowerCase());
      if (!cluster) throw new Error(`no cluster ${clusterId} in the sandbox`);
      cluster.controlPlane = controlPlane;
    },
    stop: async () => {
      emulator.lro.stop();
      transport.agent.destroy();
      await closeServer(server);
    },
  };
}
