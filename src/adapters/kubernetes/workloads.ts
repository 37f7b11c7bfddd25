/**
 * Workload reads and patches. Reads go through the typed apps/v1 API (CronJobs through cronjobs.ts,
 * in the version the cluster serves); patches through `KubernetesObjectApi` with a strategic merge
 * patch, because typed patch calls send JSON Patch and a JSON merge patch would replace the whole
 * container list (DESIGN section 1). The library serializes the body through the kind's model (or
 * keeps it as is for a kind it has no model for, such as batch/v1beta1 CronJob): every API field
 * survives (nulls included, so SMP deletes), but SMP directives such as `$patch` or `$retainKeys`
 * would not, and winshift sends none.
 */
import {
  PatchStrategy,
  type AppsV1Api,
  type CoreV1Api,
  type KubernetesObject,
  type KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { PodInfo, WorkloadInfo, WorkloadRef } from '../../ports/kubernetes.js';
import type { CronJobOperations } from './cronjobs.js';
import { kubeCall, kubeCallOrUndefined } from './errors.js';
import { toPodInfo } from './map-core.js';
import {
  labelSelectorText,
  podSelectorOf,
  toWorkloadInfo,
  type WorkloadObject,
} from './map-workload.js';

/** The field manager winshift's writes are recorded under (visible in `managedFields`). */
export const FIELD_MANAGER = 'winshift';

const describe = (ref: WorkloadRef): string => `${ref.kind} ${ref.namespace}/${ref.name}`;

export interface WorkloadApis {
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  readonly cronJobs: CronJobOperations;
}

function readObject(apis: WorkloadApis, ref: WorkloadRef): Promise<WorkloadObject | undefined> {
  const request = { name: ref.name, namespace: ref.namespace };
  switch (ref.kind) {
    case 'Deployment':
      return apis.apps.readNamespacedDeployment(request);
    case 'StatefulSet':
      return apis.apps.readNamespacedStatefulSet(request);
    case 'DaemonSet':
      return apis.apps.readNamespacedDaemonSet(request);
    case 'CronJob':
      return apis.cronJobs.read(ref.namespace, ref.name);
  }
}

export function createWorkloadOperations(apis: WorkloadApis): {
  getWorkload(ref: WorkloadRef): Promise<WorkloadInfo | undefined>;
  listWorkloadPods(ref: WorkloadRef): Promise<readonly PodInfo[]>;
  ownerOfReplicaSet(namespace: string, replicaSetName: string): Promise<WorkloadRef | undefined>;
  patchWorkload(ref: WorkloadRef, patch: Readonly<Record<string, unknown>>): Promise<void>;
} {
  const { apps, core, objects } = apis;
  const read = (ref: WorkloadRef): Promise<WorkloadObject | undefined> =>
    kubeCallOrUndefined(`read ${describe(ref)}`, () => readObject(apis, ref));
  const apiVersionOf = (ref: WorkloadRef): Promise<string> =>
    ref.kind === 'CronJob' ? apis.cronJobs.apiVersion() : Promise.resolve('apps/v1');
  return {
    async getWorkload(ref) {
      const object = await read(ref);
      return object && toWorkloadInfo(ref, object);
    },

    async listWorkloadPods(ref) {
      // A CronJob's pods belong to its Jobs: it selects none itself (and has no rollout to watch).
      if (ref.kind === 'CronJob') return [];
      const object = await read(ref);
      if (!object) return [];
      const labelSelector = labelSelectorText(podSelectorOf(ref, object));
      const pods = await kubeCall(`list pods of ${describe(ref)}`, () =>
        core.listNamespacedPod({ namespace: ref.namespace, labelSelector }),
      );
      return pods.items.map(toPodInfo);
    },

    async ownerOfReplicaSet(namespace, replicaSetName) {
      const replicaSet = await kubeCallOrUndefined(
        `read ReplicaSet ${namespace}/${replicaSetName}`,
        () => apps.readNamespacedReplicaSet({ name: replicaSetName, namespace }),
      );
      const owner = replicaSet?.metadata?.ownerReferences?.find(
        (o) => o.controller === true && o.kind === 'Deployment',
      );
      return owner && { kind: 'Deployment', namespace, name: owner.name };
    },

    async patchWorkload(ref, patch) {
      const metadata = (patch['metadata'] ?? {}) as Record<string, unknown>;
      const body: KubernetesObject & Record<string, unknown> = {
        ...patch,
        apiVersion: await apiVersionOf(ref),
        kind: ref.kind,
        metadata: { ...metadata, name: ref.name, namespace: ref.namespace },
      };
      await kubeCall(`patch ${describe(ref)}`, () =>
        objects.patch(
          body,
          undefined,
          undefined,
          FIELD_MANAGER,
          undefined,
          PatchStrategy.StrategicMergePatch,
        ),
      );
    },
  };
}
