/** Checks before winshift writes to a workload: never system objects, never a drifted workload. */
import { WinshiftError } from '../../domain/errors.js';
import type { PlannedWorkload } from '../../domain/plan.js';
import type { WorkloadInfo } from '../../ports/kubernetes.js';
import { isSystemObject } from '../../domain/system-objects.js';
import { workloadKey } from '../../domain/workload-ref.js';

export function assertNotProtected(workload: WorkloadInfo): void {
  if (isSystemObject(workload.namespace, workload.labels))
    throw new WinshiftError('PROTECTED_WORKLOAD', `${workloadKey(workload)} is managed by AKS`);
}

/** Each planned image change must find its container at the old or the new image. */
export function assertImagesAsPlanned(planned: PlannedWorkload, workload: WorkloadInfo): void {
  for (const change of planned.images) {
    const list = change.init ? workload.initContainers : workload.containers;
    const image = list.find((c) => c.name === change.container)?.image;
    if (image !== change.from && image !== change.to) {
      throw new WinshiftError(
        'PLAN_CHANGED',
        `${workloadKey(workload)} container ${change.container} runs ${image ?? 'nothing'}, planned ${change.from}`,
      );
    }
  }
}
