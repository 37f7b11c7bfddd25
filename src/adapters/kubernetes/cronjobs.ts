/**
 * CronJobs in the version the cluster serves them: `batch/v1` from Kubernetes 1.21, where CronJob
 * went GA (kubernetes/kubernetes#98965, KEP-19 "Graduate CronJob to stable"), `batch/v1beta1` before
 * (a 1.20 API server, like the sandbox's, serves CronJob there only) and never again from 1.25 (the
 * deprecation guide: https://kubernetes.io/docs/reference/using-api/deprecation-guide/#cronjob-v125).
 * The version comes from the batch/v1 resource list, asked once per cluster, as the eviction adapter
 * discovers policy/v1. Both versions have the fields winshift reads and patches
 * (`spec.jobTemplate.spec.template`), so one shape serves: `KubernetesObjectApi` with the discovered
 * apiVersion (@kubernetes/client-node 2.x has no typed batch/v1beta1 API).
 */
import {
  PatchStrategy,
  type BatchV1Api,
  type KubernetesObjectApi,
  type V1APIResourceList,
  type V1CronJob,
} from '@kubernetes/client-node';
import { discoverOnce } from './discovery.js';
import { kubeCall, kubeCallOrUndefined } from './errors.js';

/** What a server that does not list CronJobs under batch/v1 serves them as (before 1.21). */
export const FALLBACK_CRONJOB_VERSION = 'batch/v1beta1';

/** The apiVersion of CronJobs, from the batch/v1 resource list. */
export function cronJobApiVersion(batchV1: V1APIResourceList): string {
  return batchV1.resources.some((r) => r.name === 'cronjobs' && r.kind === 'CronJob')
    ? 'batch/v1'
    : FALLBACK_CRONJOB_VERSION;
}

export interface CronJobOperations {
  apiVersion(): Promise<string>;
  /** undefined when it does not exist. */
  read(namespace: string, name: string): Promise<V1CronJob | undefined>;
  /** Every CronJob of the cluster, in one list. */
  list(): Promise<V1CronJob[]>;
  /** A JSON Patch (RFC 6902) of one CronJob, in the version the cluster serves. */
  jsonPatch(
    namespace: string,
    name: string,
    operations: readonly object[],
    fieldManager: string,
  ): Promise<V1CronJob>;
}

export function createCronJobOperations(
  batch: BatchV1Api,
  objects: KubernetesObjectApi,
): CronJobOperations {
  const apiVersion = discoverOnce(async () =>
    cronJobApiVersion(
      await kubeCall('discover the CronJob API version', () => batch.getAPIResources()),
    ),
  );
  return {
    apiVersion,
    async read(namespace, name) {
      const header = {
        apiVersion: await apiVersion(),
        kind: 'CronJob',
        metadata: { name, namespace },
      };
      return kubeCallOrUndefined(`read CronJob ${namespace}/${name}`, () =>
        objects.read<V1CronJob>(header),
      );
    },
    async list() {
      const version = await apiVersion();
      const list = await kubeCall('list CronJobs', () =>
        objects.list<V1CronJob>(version, 'CronJob'),
      );
      return list.items;
    },
    async jsonPatch(namespace, name, operations, fieldManager) {
      const version = await apiVersion();
      if (version === 'batch/v1') {
        // The typed calls send JSON Patch.
        return batch.patchNamespacedCronJob({ name, namespace, body: operations, fieldManager });
      }
      // batch/v1beta1 (1.20) has no typed call: the generic one builds the URL from these fields.
      // Having no model for the kind, it serializes the body as an object of its own properties (an
      // array's items became "0", "1", ... and the server answered 400: found by
      // test/integration/adapters/kubernetes/rbac-exact.test.ts); toJSON makes the body the array.
      const body = {
        apiVersion: version,
        kind: 'CronJob',
        metadata: { name, namespace },
        toJSON: (): readonly object[] => operations,
      };
      return objects.patch<V1CronJob>(
        body as unknown as V1CronJob,
        undefined,
        undefined,
        fieldManager,
        undefined,
        PatchStrategy.JsonPatch,
      );
    },
  };
}
