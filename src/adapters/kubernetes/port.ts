/**
 * `KubernetesPort` over `@kubernetes/client-node` for one cluster's KubeConfig. Every failure leaves
 * as a `WinshiftError` (errors.ts); the expected outcomes (a PDB refusing an eviction, an object
 * already gone) are values.
 */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  NodeV1Api,
  type KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import type { KubernetesPort } from '../../ports/kubernetes.js';
import { createCronJobOperations } from './cronjobs.js';
import { createDaemonSetOperations } from './daemonsets.js';
import { isNotFound, kubeCall, kubeCallOrUndefined, toWinshiftError } from './errors.js';
import { createEvictor } from './eviction.js';
import { createTemplateOperations } from './templates.js';
import {
  toGmsaCredentialSpecInfo,
  toRuntimeClasses,
  type GmsaCredentialSpecObject,
} from './map-cluster.js';
import { toNodeInfo, toPodInfo } from './map-core.js';
import { createWorkloadOperations } from './workloads.js';

export interface KubernetesPortOptions {
  /** The pre-pull DaemonSet's main container image (default: the multi-platform pause image). */
  readonly pauseImage?: string;
}

/** The `gmsacredentialspecs.windows.k8s.io` custom resource (cluster-scoped). */
const GMSA = { group: 'windows.k8s.io', version: 'v1', plural: 'gmsacredentialspecs' } as const;

export function createKubernetesPort(
  kubeConfig: KubeConfig,
  options: KubernetesPortOptions = {},
): KubernetesPort {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const nodeApi = kubeConfig.makeApiClient(NodeV1Api);
  const evictor = createEvictor(core);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const cronJobs = createCronJobOperations(batch, objects);

  const podsOnNode = async (nodeName: string): Promise<V1Pod[]> =>
    (
      await kubeCall(`list pods on node ${nodeName}`, () =>
        core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` }),
      )
    ).items;

  return {
    ...createWorkloadOperations({ apps, core, objects, cronJobs }),
    ...createTemplateOperations({ apps, batch, cronJobs }),
    ...createDaemonSetOperations(apps, core, options.pauseImage),

    async listNodes(labelSelector) {
      const nodes = await kubeCall('list nodes', () =>
        core.listNode(labelSelector ? { labelSelector } : {}),
      );
      return nodes.items.map(toNodeInfo);
    },

    async listPodsOnNodes(nodeNames) {
      // The API server indexes pods by spec.nodeName: one selective list per node beats listing
      // every pod of the cluster.
      const perNode = await Promise.all([...new Set(nodeNames)].map(podsOnNode));
      return perNode.flat().map(toPodInfo);
    },

    async setUnschedulable(nodeName, unschedulable) {
      await kubeCall(`${unschedulable ? 'cordon' : 'uncordon'} node ${nodeName}`, () =>
        core.patchNode({
          name: nodeName,
          body: [{ op: 'add', path: '/spec/unschedulable', value: unschedulable }],
        }),
      );
    },

    evictPod: (namespace, name) => evictor.evict(namespace, name),

    async deletePod(namespace, name, gracePeriodSeconds) {
      try {
        await core.deleteNamespacedPod({
          name,
          namespace,
          ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
        });
      } catch (error) {
        // Already gone is what the caller wanted.
        if (!isNotFound(error)) throw toWinshiftError(error, `delete pod ${namespace}/${name}`);
      }
    },

    async listRuntimeClasses() {
      const list = await kubeCall('list RuntimeClasses', () => nodeApi.listRuntimeClass());
      return toRuntimeClasses(list.items);
    },

    async listTerminatingNamespaces() {
      const list = await kubeCall('list namespaces', () => core.listNamespace());
      return list.items
        .filter((n) => n.status?.phase === 'Terminating')
        .map((n) => n.metadata?.name ?? '')
        .filter((name) => name !== '')
        .sort();
    },

    async listGmsaCredentialSpecs() {
      // No CRD (a cluster without gMSA) answers 404: no specs.
      const list = (await kubeCallOrUndefined('list GMSACredentialSpecs', () =>
        custom.listClusterCustomObject(GMSA),
      )) as { items?: GmsaCredentialSpecObject[] } | undefined;
      return (list?.items ?? []).map(toGmsaCredentialSpecInfo);
    },
  };
}
