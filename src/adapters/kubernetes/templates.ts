/**
 * Every controller template of the cluster, for the plan's discovery by templates (issue 12 item 5):
 * the kinds winshift moves (Deployments, StatefulSets, DaemonSets, CronJobs) and those it refuses
 * (ReplicaSets, Jobs), across namespaces. The typed lists come in pages of LIST_PAGE, as kubectl
 * chunks them; CronJobs in one list (few, and the generic object API keeps no continue token for a
 * batch/v1beta1 list, which it has no model for).
 */
import type { AppsV1Api, BatchV1Api, V1ListMeta } from '@kubernetes/client-node';
import type { TemplateInfo } from '../../domain/kube-objects.js';
import type { WorkloadInfo, WorkloadRef } from '../../ports/kubernetes.js';
import type { CronJobOperations } from './cronjobs.js';
import { kubeCall } from './errors.js';
import { toTemplateInfo, toWorkloadInfo, type WorkloadObject } from './map-workload.js';

/** Objects per list request. */
export const LIST_PAGE = 500;

interface Page<T> {
  readonly items: T[];
  readonly metadata?: V1ListMeta;
}

type PageRequest = { limit: number; _continue?: string };

async function listAll<T>(
  doing: string,
  page: (request: PageRequest) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const request: PageRequest = { limit: LIST_PAGE, ...(next ? { _continue: next } : {}) };
    const result = await kubeCall(doing, () => page(request));
    items.push(...result.items);
    next = result.metadata?._continue || undefined;
  } while (next !== undefined);
  return items;
}

function infoOf(kind: WorkloadRef['kind'], object: WorkloadObject): WorkloadInfo {
  const ref = {
    kind,
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
  };
  return toWorkloadInfo(ref, object);
}

export interface TemplateApis {
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly cronJobs: CronJobOperations;
}

export function createTemplateOperations(apis: TemplateApis): {
  listWorkloads(): Promise<readonly WorkloadInfo[]>;
  listOtherTemplates(): Promise<readonly TemplateInfo[]>;
} {
  const { apps, batch, cronJobs } = apis;
  return {
    async listWorkloads() {
      const [deployments, statefulSets, daemonSets, cronJobList] = await Promise.all([
        listAll('list Deployments', (r) => apps.listDeploymentForAllNamespaces(r)),
        listAll('list StatefulSets', (r) => apps.listStatefulSetForAllNamespaces(r)),
        listAll('list DaemonSets', (r) => apps.listDaemonSetForAllNamespaces(r)),
        cronJobs.list(),
      ]);
      return [
        ...deployments.map((o) => infoOf('Deployment', o)),
        ...statefulSets.map((o) => infoOf('StatefulSet', o)),
        ...daemonSets.map((o) => infoOf('DaemonSet', o)),
        ...cronJobList.map((o) => infoOf('CronJob', o)),
      ];
    },

    async listOtherTemplates() {
      const [replicaSets, jobs] = await Promise.all([
        listAll('list ReplicaSets', (r) => apps.listReplicaSetForAllNamespaces(r)),
        listAll('list Jobs', (r) => batch.listJobForAllNamespaces(r)),
      ]);
      return [
        ...replicaSets.map((o) => toTemplateInfo('ReplicaSet', o)),
        ...jobs.map((o) => toTemplateInfo('Job', o)),
      ];
    },
  };
}
