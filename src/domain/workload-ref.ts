/**
 * The one identity of a workload across winshift: the key that names it in plans, in the results
 * activities return to the orchestrator (e.g. which pullers a workload waits for), in storage rows
 * and in messages. Everything that compares or keys workloads uses these, never a copy.
 */
import { WORKLOAD_KINDS, type WorkloadKind } from './plan.js';
import type { WorkloadRef } from './kube-objects.js';

/** `Kind namespace/name`, e.g. `Deployment payments/api`. */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function sameWorkload(a: WorkloadRef, b: WorkloadRef): boolean {
  return workloadKey(a) === workloadKey(b);
}

/** Just the reference (a WorkloadInfo or a planned workload carries much more). */
export function refOf(ref: WorkloadRef): WorkloadRef {
  return { kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/**
 * The owner kind a workload's pods name: the workload itself, or what it creates for them (a
 * Deployment's ReplicaSets, a CronJob's Jobs).
 */
const POD_OWNER: Readonly<Record<WorkloadKind, string>> = {
  Deployment: 'ReplicaSet',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  CronJob: 'Job',
};

/** The workload kind of a pod's owner when that owner is the workload itself (StatefulSet, DaemonSet). */
export function directPodOwnerKind(ownerKind: string): WorkloadKind | undefined {
  return WORKLOAD_KINDS.find((kind) => kind === ownerKind && POD_OWNER[kind] === kind);
}

/** Kind (in `WORKLOAD_KINDS` order), then namespace, then name. */
export function compareRefs(a: WorkloadRef, b: WorkloadRef): number {
  return (
    WORKLOAD_KINDS.indexOf(a.kind) - WORKLOAD_KINDS.indexOf(b.kind) ||
    a.namespace.localeCompare(b.namespace, 'en') ||
    a.name.localeCompare(b.name, 'en')
  );
}
