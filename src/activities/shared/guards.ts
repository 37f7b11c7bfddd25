/** Checks before winshift writes to a workload: never system objects, never a drifted workload. */
import { WinshiftError } from '../../domain/errors.js';
import type { PlannedWorkload } from '../../domain/plan.js';
import type { WorkloadInfo } from '../../ports/kubernetes.js';
import { refKey } from './plan-ref.js';

const PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'gatekeeper-system'];

/** AKS add-ons mark what they manage; the addon manager would revert any change anyway. */
export function isAksManaged(labels: Readonly<Record<string, string>>, namespace: string): boolean {
  return (
    PROTECTED_NAMESPACES.includes(namespace) ||
    labels['kubernetes.azure.com/managedby'] === 'aks' ||
    labels['addonmanager.kubernetes.io/mode'] !== undefined
  );
}

export function assertNotProtected(workload: WorkloadInfo): void {
  if (isAksManaged(workload.labels, workload.namespace))
    throw new WinshiftError('PROTECTED_WORKLOAD', `${refKey(workload)} is managed by AKS`);
}

/** Each planned image change must find its container at the old or the new image. */
export function assertImagesAsPlanned(planned: PlannedWorkload, workload: WorkloadInfo): void {
  for (const change of planned.images) {
    const list = change.init ? workload.initContainers : workload.containers;
    const image = list.find((c) => c.name === change.container)?.image;
    if (image !== change.from && image !== change.to) {
      throw new WinshiftError(
        'PLAN_CHANGED',
        `${refKey(workload)} container ${change.container} runs ${image ?? 'nothing'}, planned ${change.from}`,
      );
    }
  }
}
