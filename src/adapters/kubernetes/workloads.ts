/**
 * Workload reads and patches. Reads go through the typed apps/v1 API (CronJobs through cronjobs.ts,
 * in the version the cluster serves); patches through `KubernetesObjectApi` with a strategic merge
 * patch, because typed patch calls send JSON Patch and a JSON merge patch would replace the whole
 * container list (DESIGN section 1). Exact field values (a restore) go as a JSON Patch computed from
 * the object (exact-patch.ts). The library serializes an SMP body through the kind's model (or keeps
 * it as is for a kind it has no model for, such as batch/v1beta1 CronJob): every API field survives
 * (nulls included, so SMP deletes), but SMP directives such as `$patch` or `$retainKeys` would not,
 * and winshift sends none.
 */
import {
  PatchStrategy,
  type AppsV1Api,
  type CoreV1Api,
  type KubernetesObject,
  type KubernetesObjectApi,
} from '@kubernetes/client-node';
import { WinshiftError } from '../../domain/errors.js';
import type {
  ExactWorkloadFields,
  PodInfo,
  WorkloadInfo,
  WorkloadRef,
} from '../../ports/kubernetes.js';
import type { CronJobOperations } from './cronjobs.js';
import {
  kubeCall,
  kubeCallOrUndefined,
  statusMessage,
  statusOf,
  toWinshiftError,
} from './errors.js';
import {
  CRONJOB_POD_TEMPLATE,
  exactPatchOperations,
  POD_TEMPLATE,
  type JsonPatchOperation,
} from './exact-patch.js';
import { plainJson, toPodInfo } from './map-core.js';
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

function jsonPatch(
  apis: WorkloadApis,
  ref: WorkloadRef,
  body: readonly JsonPatchOperation[],
): Promise<WorkloadObject> {
  const { apps } = apis;
  const request = { name: ref.name, namespace: ref.namespace, body, fieldManager: FIELD_MANAGER };
  switch (ref.kind) {
    case 'CronJob':
      return apis.cronJobs.jsonPatch(ref.namespace, ref.name, body, FIELD_MANAGER);
    case 'Deployment':
      return apps.patchNamespacedDeployment(request);
    case 'StatefulSet':
      return apps.patchNamespacedStatefulSet(request);
    case 'DaemonSet':
      return apps.patchNamespacedDaemonSet(request);
  }
}

/** A JSON Patch `test` that failed: the object changed since it was read (422, evanphx/json-patch). */
function isFailedTest(error: unknown): boolean {
  return statusOf(error) === 422 && /test(ing value .*)? failed/i.test(statusMessage(error));
}

/** Reads with a fresh view this many times when the object keeps changing under a patch. */
const EXACT_PATCH_ATTEMPTS = 3;

export function createWorkloadOperations(apis: WorkloadApis): {
  getWorkload(ref: WorkloadRef): Promise<WorkloadInfo | undefined>;
  listWorkloadPods(ref: WorkloadRef): Promise<readonly PodInfo[]>;
  ownerOfReplicaSet(namespace: string, replicaSetName: string): Promise<WorkloadRef | undefined>;
  patchWorkload(ref: WorkloadRef, patch: Readonly<Record<string, unknown>>): Promise<void>;
  setWorkloadFields(ref: WorkloadRef, fields: ExactWorkloadFields): Promise<void>;
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

    async setWorkloadFields(ref, fields) {
      for (let attempt = 1; attempt <= EXACT_PATCH_ATTEMPTS; attempt += 1) {
        const object = await read(ref);
        if (object === undefined) throw new WinshiftError('NOT_FOUND', `${describe(ref)} is gone`);
        const template = ref.kind === 'CronJob' ? CRONJOB_POD_TEMPLATE : POD_TEMPLATE;
        const ops = exactPatchOperations(plainJson(object), fields, template);
        if (ops.length === 0) return;
        try {
          await jsonPatch(apis, ref, ops);
          return;
        } catch (error) {
          if (!isFailedTest(error)) throw toWinshiftError(error, `set fields of ${describe(ref)}`);
        }
      }
      throw new WinshiftError(
        'TRANSIENT',
        `Kubernetes: ${describe(ref)} kept changing while its fields were set; read it again later`,
      );
    },
  };
}
