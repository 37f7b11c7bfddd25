/**
 * The one identity of a workload across winshift: the key that names it in plans, in the results
 * activities return to the orchestrator (e.g. which pullers a workload waits for), in storage rows
 * and in messages. Everything that compares or keys workloads uses these, never a copy.
 */
import type { WorkloadKind } from './plan.js';
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

const KIND_ORDER: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** Kind (Deployments, StatefulSets, DaemonSets), then namespace, then name. */
export function compareRefs(a: WorkloadRef, b: WorkloadRef): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    a.namespace.localeCompare(b.namespace, 'en') ||
    a.name.localeCompare(b.name, 'en')
  );
}
