/**
 * releaseWorkloads (a Completed run, once the old pool is gone): takes this run's `winshift.io/original`
 * annotation off each planned workload, so nothing of this run stays on the objects for a later run,
 * or a person, to take for the workload's original. Only this run's annotation goes: another run's
 * is left alone (`unchanged`), and so is a workload already released. The store's originals stay:
 * they are keyed by this run and no other run reads them.
 */
import type { KubernetesPort, WorkloadRef } from '../ports/kubernetes.js';
import type { WorkloadBatchInput, WorkloadReleaseResult } from '../workflow/contracts/index.js';
import { mapLimit, WORKLOAD_CONCURRENCY } from './shared/concurrency.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan, plannedWorkload } from './shared/plan-ref.js';
import { annotationRunId, ORIGINAL_ANNOTATION } from './shared/workload-original.js';
import { workloadKey } from '../domain/workload-ref.js';

export type ReleaseWorkloadsDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

async function releaseOne(
  kube: KubernetesPort,
  runId: string,
  ref: WorkloadRef,
): Promise<WorkloadReleaseResult> {
  const workload = await kube.getWorkload(ref);
  if (workload === undefined) return { ref, outcome: 'missing' };
  if (annotationRunId(workload) !== runId) return { ref, outcome: 'unchanged' };
  // The key is present, so a null removes it on every version (kubernetes#105689 needs an absent map).
  await kube.patchWorkload(ref, { metadata: { annotations: { [ORIGINAL_ANNOTATION]: null } } });
  return { ref, outcome: 'released' };
}

export async function releaseWorkloads(
  deps: ReleaseWorkloadsDeps,
  input: WorkloadBatchInput,
): Promise<WorkloadReleaseResult[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const refs = input.workloads.map((ref) => {
    plannedWorkload(plan, ref);
    return { kind: ref.kind, namespace: ref.namespace, name: ref.name };
  });
  const results = await mapLimit(refs, WORKLOAD_CONCURRENCY, (ref) =>
    releaseOne(kube, input.runId, ref),
  );
  for (const r of results.filter((x) => x.outcome === 'released'))
    deps.log.info('workload released', {
      step: 'releaseWorkloads',
      instanceId: input.instanceId,
      cluster: plan.cluster.resourceId,
      workload: workloadKey(r.ref),
      outcome: r.outcome,
    });
  return results;
}
