import { EVENT_GRID_AUDIENCE, SANDBOX_TOPIC_ENDPOINT } from './eventgrid/topic.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { KubeConfig } from '@kubernetes/client-node';
import { startArmEmulator, type RunningArmEmulator } from './arm/start.js';
import type { ExistingControlPlane } from './cluster/control-plane-access.js';
import { clusterPoolHooks, registryImageCatalog } from './cluster/pool-adapter.js';
import { startClusterRuntime, type ClusterRuntime } from './cluster/runtime.js';
import type { ClusterNodes } from './kube/cluster-backend.js';
import type { NodeSimulator } from './kube/nodes.js';
import {
  resolveLatency,
  type LatencyProfileName,
  type SandboxLatency,
} from './scenario/latency.js';
import { DEFAULT_WINSHIFT_PRINCIPAL_ID, type SandboxScenario } from './scenario/load.js';
import { clusterId, idKey } from './state/ids.js';
import type { ClusterSpec, Scenario } from './state/scenario.js';

export interface StartSandboxOptions {
  /** A loaded scenario file (loadScenarioFile) or a built Scenario (ScenarioBuilder). */
  readonly scenario: Scenario | SandboxScenario;
  /** Use this control plane for the first cluster with Kubernetes (others get their own). */
  readonly controlPlane?: ExistingControlPlane;
  /** Replaces the scenario's latency profile. */
  readonly latencyProfile?: LatencyProfileName;
  /** Merged over the profile's latencies (tests: shorter pool provisioning, Retry-After 0...). */
  readonly latency?: SandboxLatency;
  /** Folder for the CA file and started control planes; default a fresh temp folder removed by stop(). */
  readonly runDir?: string;
}

/** The app settings winshift reads in sandbox mode (/work/notes/settings.md). */
export interface SandboxSettings {
  /** JSON: real host name -> `127.0.0.1:<port>`. */
  readonly WINSHIFT_SANDBOX_HOST_MAP: string;
  /** PEM file of the sandbox CA. */
  readonly WINSHIFT_SANDBOX_CA_FILE: string;
  /** `sandbox:<winshift principal id>`, valid for every scope (ARM, Key Vault, ACR, AKS Entra). */
  readonly WINSHIFT_SANDBOX_TOKEN: string;
  /** Comma-separated subscription ids of the scenario (not those marked `outsideWinshift`). */
  readonly WINSHIFT_SUBSCRIPTIONS: string;
  /** winshift's own principal (object) id: the plan looks for its vault access policies. */
  readonly WINSHIFT_PRINCIPAL_ID: string;
  /** The emulator's registry and realm hosts: they resolve to 127.0.0.1 through the host map. */
  readonly WINSHIFT_REGISTRY_ALLOW: string;
  /** JSON: audience -> a JWT the sandbox's Entra issuer signed for winshift (Event Grid's). */
  readonly WINSHIFT_SANDBOX_AUDIENCE_TOKENS: string;
  /** The sandbox's Event Grid topic: lifecycle events are on. */
  readonly WINSHIFT_EVENTS_TOPIC_ENDPOINT: string;
}

/** A cluster with a real control plane behind it. */
export interface SandboxCluster {
  /** ARM resource id, as the scenario spells it. */
  readonly id: string;
  readonly name: string;
  /** An admin kubeconfig (system:masters), as `az aks get-credentials --admin` would give. */
  readonly kubeconfigPath: string;
  readonly kubeconfigYaml: string;
  readonly kubeConfig: KubeConfig;
  /** The simulated nodes: nodesOf(pool), stopHeartbeats(node) for node loss. */
  readonly nodes: NodeSimulator;
}

export interface RunningSandbox {
  readonly arm: RunningArmEmulator;
  readonly scenario: SandboxScenario;
  /** Clusters with Kubernetes, by ARM id (see cluster() for a case-insensitive look-up). */
  readonly clusters: Readonly<Record<string, SandboxCluster>>;
  /** The CA PEM file (also WINSHIFT_SANDBOX_CA_FILE). */
  readonly caFile: string;
  readonly runDir: string;
  readonly settings: SandboxSettings;
  readonly winshiftPrincipalId: string;
  /** The credential winshift's static token gives (for tests driving SDK clients as winshift). */
  readonly winshiftCredential: TokenCredential;
  /** A cluster by ARM id (any casing) or by name. */
  cluster(idOrName: string): SandboxCluster;
  stop(): Promise<void>;
}

/** A built Scenario gets the sandbox defaults: winshift's principal, the `small` profile under its latencies. */
export function asSandboxScenario(scenario: Scenario | SandboxScenario): SandboxScenario {
  if ('winshiftPrincipalId' in scenario) return scenario;
  return {
    ...scenario,
    winshiftPrincipalId: DEFAULT_WINSHIFT_PRINCIPAL_ID,
    latencyProfile: 'small',
    latency: resolveLatency('small', scenario.latency),
  };
}

function withLatency(scenario: SandboxScenario, options: StartSandboxOptions): SandboxScenario {
  const profile = options.latencyProfile ?? scenario.latencyProfile;
  const base = options.latencyProfile ? resolveLatency(profile) : scenario.latency;
  return {
    ...scenario,
    latencyProfile: profile,
    latency: resolveLatency(profile, { ...base, ...options.latency }),
  };
}

function kubernetesClusters(scenario: Scenario): { id: string; spec: ClusterSpec }[] {
  return scenario.subscriptions.flatMap((subscription) =>
    subscription.resourceGroups.flatMap((group) =>
      (group.clusters ?? [])
        .filter((spec) => spec.kubernetes !== undefined)
        .map((spec) => ({ id: clusterId(subscription.id, group.name, spec.name), spec })),
    ),
  );
}

/**
 * Starts the whole sandbox for a scenario: the ARM/Key Vault/registry emulator, a real control plane
 * (or the given one) with simulated nodes for each cluster that declares `kubernetes`, wired so ARM pool
 * creates/deletes register/remove nodes, and the scenario's Kubernetes objects applied. stop() leaves
 * nothing running (and a shared control plane as it was).
 */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const scenario = withLatency(asSandboxScenario(options.scenario), options);
  const ownRunDir = options.runDir === undefined;
  const runDir = options.runDir ?? (await mkdtemp(path.join(os.tmpdir(), 'winshift-sandbox-')));
  const routes = new Map<string, ClusterNodes>();
  const runtimes: ClusterRuntime[] = [];
  let arm: RunningArmEmulator | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= stopAll());
  const stopAll = async (): Promise<void> => {
    const problems: unknown[] = [];
    for (const runtime of runtimes.splice(0).reverse())
      await runtime.stop().catch((error: unknown) => problems.push(error));
    await arm?.stop().catch((error: unknown) => problems.push(error));
    if (ownRunDir) await rm(runDir, { recursive: true, force: true });
    if (problems.length > 0) throw new AggregateError(problems, 'the sandbox did not stop cleanly');
  };
  try {
    arm = await startArmEmulator(scenario, { hooks: clusterPoolHooks(routes) });
    const caFile = path.join(runDir, 'sandbox-ca.pem');
    await writeFile(caFile, arm.caPem);
    const images = registryImageCatalog(arm.lookupImage);
    const token = `sandbox:${scenario.winshiftPrincipalId}`;
    const clusters: Record<string, SandboxCluster> = {};
    for (const [index, { id, spec }] of kubernetesClusters(scenario).entries()) {
      const state = arm.world.clusters.get(idKey(id));
      if (!state) throw new Error(`cluster ${id} is missing from the emulator's world`);
      const runtime = await startClusterRuntime({
        world: arm.world,
        cluster: state,
        manifests: spec.kubernetes?.objects ?? [],
        images,
        latency: scenario.latency,
        controlPlane: {
          runDir,
          ...(index === 0 && options.controlPlane ? { existing: options.controlPlane } : {}),
          ...(state.aadEnabled
            ? { entraToken: { token, user: scenario.winshiftPrincipalId } }
            : {}),
        },
      });
      runtimes.push(runtime);
      routes.set(idKey(id), runtime.nodes);
      arm.setControlPlane(runtime.controlPlane.spec, id);
      const { kubeconfigPath, kubeconfigYaml, kubeConfig } = runtime.controlPlane;
      clusters[id] = {
        id,
        name: spec.name,
        kubeconfigPath,
        kubeconfigYaml,
        kubeConfig,
        nodes: runtime.simulator,
      };
    }
    const running = arm;
    return {
      arm: running,
      scenario,
      clusters,
      caFile,
      runDir,
      settings: {
        WINSHIFT_SANDBOX_HOST_MAP: JSON.stringify(running.hostMap),
        WINSHIFT_SANDBOX_CA_FILE: caFile,
        WINSHIFT_SANDBOX_TOKEN: token,
        WINSHIFT_SUBSCRIPTIONS: scenario.subscriptions
          .filter((subscription) => subscription.outsideWinshift !== true)
          .map((subscription) => subscription.id)
          .join(','),
        WINSHIFT_PRINCIPAL_ID: scenario.winshiftPrincipalId,
        WINSHIFT_REGISTRY_ALLOW: running.registryHosts.join(','),
        WINSHIFT_SANDBOX_AUDIENCE_TOKENS: JSON.stringify({
          [EVENT_GRID_AUDIENCE]: running.entra.managedIdentityToken(
            scenario.winshiftPrincipalId,
            EVENT_GRID_AUDIENCE,
          ),
        }),
        WINSHIFT_EVENTS_TOPIC_ENDPOINT: SANDBOX_TOPIC_ENDPOINT,
      },
      winshiftPrincipalId: scenario.winshiftPrincipalId,
      winshiftCredential: running.credentialFor(scenario.winshiftPrincipalId),
      cluster: (idOrName) => {
        const found = Object.values(clusters).find(
          (cluster) => idKey(cluster.id) === idKey(idOrName) || cluster.name === idOrName,
        );
        if (!found) throw new Error(`no cluster with Kubernetes named ${idOrName} in the sandbox`);
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
