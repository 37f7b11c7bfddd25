/**
 * What the e2e tests check after an upgrade, read the way an operator would: ARM through the real
 * SDKs (pools, the pools' scale sets) and Kubernetes through the cluster's admin kubeconfig.
 */
import { readFileSync } from 'node:fs';
import { ComputeManagementClient, type VirtualMachineScaleSet } from '@azure/arm-compute';
import { ContainerServiceClient, type AgentPool } from '@azure/arm-containerservice';
import { AppsV1Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_SCENARIO_FILE,
  scenarioFromObject,
  type RunningSandbox,
  type SandboxScenario,
} from '../../../src/sandbox/index.js';
import { checkerCredential } from '../../support/deploy/role-check.js';

export const APP_NAMESPACES = ['payments', 'monitoring'];

function parts(clusterId: string): { subscription: string; group: string; name: string } {
  const [, , subscription = '', , group = '', , , , name = ''] = clusterId.split('/');
  return { subscription, group, name };
}

export async function listPools(sandbox: RunningSandbox, clusterId: string): Promise<AgentPool[]> {
  const { subscription, group, name } = parts(clusterId);
  const client = new ContainerServiceClient(checkerCredential(sandbox), subscription, {
    httpClient: sandbox.arm.transport.httpClient,
  });
  const pools: AgentPool[] = [];
  for await (const pool of client.agentPools.list(group, name)) pools.push(pool);
  return pools;
}

/** The scale set of a pool (tag aks-managed-poolName) in the node resource group. */
export async function poolVmss(
  sandbox: RunningSandbox,
  clusterId: string,
  nodeResourceGroup: string,
  pool: string,
): Promise<VirtualMachineScaleSet | undefined> {
  const client = new ComputeManagementClient(
    checkerCredential(sandbox),
    parts(clusterId).subscription,
    { httpClient: sandbox.arm.transport.httpClient },
  );
  for await (const vmss of client.virtualMachineScaleSets.list(nodeResourceGroup)) {
    if (vmss.tags?.['aks-managed-poolName'] === pool) return vmss;
  }
  return undefined;
}

/** User-assigned identity ids on the scale set of a pool. */
export async function vmssIdentities(
  sandbox: RunningSandbox,
  clusterId: string,
  nodeResourceGroup: string,
  pool: string,
): Promise<string[]> {
  const vmss = await poolVmss(sandbox, clusterId, nodeResourceGroup, pool);
  return Object.keys(vmss?.identity?.userAssignedIdentities ?? {}).map((id) => id.toLowerCase());
}

export interface WorkloadState {
  readonly key: string;
  readonly osSku: string | undefined;
  readonly images: readonly string[];
  readonly pools: readonly string[];
  readonly podsReady: boolean;
  readonly annotations: Readonly<Record<string, string>>;
}

function imagesOf(spec: V1PodSpec | undefined): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.image ?? '');
}

/** Every app workload: its template's os-sku selector and images, and where its pods run. */
export async function workloadStates(
  sandbox: RunningSandbox,
  clusterId: string,
): Promise<WorkloadState[]> {
  const kubeConfig = sandbox.cluster(clusterId).kubeConfig;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const nodes = await core.listNode();
  const poolOf = new Map(
    nodes.items.map((n) => [
      n.metadata?.name ?? '',
      n.metadata?.labels?.['kubernetes.azure.com/agentpool'] ?? '?',
    ]),
  );
  const states: WorkloadState[] = [];
  for (const namespace of APP_NAMESPACES) {
    const [deployments, statefulSets, daemonSets, pods] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      apps.listNamespacedDaemonSet({ namespace }),
      core.listNamespacedPod({ namespace }),
    ]);
    const all = [
      ...deployments.items.map((o) => ['Deployment', o] as const),
      ...statefulSets.items.map((o) => ['StatefulSet', o] as const),
      ...daemonSets.items.map((o) => ['DaemonSet', o] as const),
    ];
    for (const [kind, o] of all) {
      const selector = o.spec?.selector.matchLabels ?? {};
      const mine = pods.items.filter(
        (p) =>
          p.metadata?.deletionTimestamp === undefined &&
          Object.entries(selector).every(([k, v]) => p.metadata?.labels?.[k] === v),
      );
      states.push({
        key: `${kind} ${namespace}/${o.metadata?.name ?? ''}`,
        osSku: o.spec?.template.spec?.nodeSelector?.['kubernetes.azure.com/os-sku'],
        images: imagesOf(o.spec?.template.spec),
        pools: [
          ...new Set(mine.map((p) => poolOf.get(p.spec?.nodeName ?? '') ?? 'pending')),
        ].sort(),
        podsReady:
          mine.length > 0 &&
          mine.every((p) =>
            p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          ),
        annotations: o.metadata?.annotations ?? {},
      });
    }
  }
  return states.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Every app workload's template as the API server stores it, for what an upgrade may change:
 * placement (nodeSelector, affinity, tolerations, RuntimeClass), images and update strategy. Plain
 * JSON, nothing compacted: an empty `affinity: {}` or a `key: ""` left behind shows.
 */
export async function templateSpecs(
  sandbox: RunningSandbox,
  clusterId: string,
): Promise<Record<string, unknown>> {
  const apps = sandbox.cluster(clusterId).kubeConfig.makeApiClient(AppsV1Api);
  const specs: Record<string, unknown> = {};
  for (const namespace of APP_NAMESPACES) {
    const [deployments, statefulSets, daemonSets] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      apps.listNamespacedDaemonSet({ namespace }),
    ]);
    const all = [
      ...deployments.items.map((o) => ['Deployment', o, undefined] as const),
      ...statefulSets.items.map((o) => ['StatefulSet', o, o.spec?.updateStrategy?.type] as const),
      ...daemonSets.items.map((o) => ['DaemonSet', o, o.spec?.updateStrategy?.type] as const),
    ];
    for (const [kind, o, updateStrategy] of all) {
      const pod = o.spec?.template.spec;
      specs[`${kind} ${namespace}/${o.metadata?.name ?? ''}`] = JSON.parse(
        JSON.stringify({
          nodeSelector: pod?.nodeSelector,
          affinity: pod?.affinity,
          tolerations: pod?.tolerations,
          runtimeClassName: pod?.runtimeClassName,
          images: imagesOf(pod),
          updateStrategy,
        }),
      ) as unknown;
    }
  }
  return specs;
}

/** The default scenario as an object, changed by `edit`, validated again. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw scenario YAML
export function editedDefaultScenario(edit: (scenario: any) => void): SandboxScenario {
  const raw = parseYaml(readFileSync(DEFAULT_SCENARIO_FILE, 'utf8')) as unknown;
  edit(raw);
  return scenarioFromObject(raw, 'edited default scenario');
}
