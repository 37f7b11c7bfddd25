/**
 * What winshift never moves, touches or waits for: the rules the plan and the run share, so a
 * workload the plan skipped is skipped again when the run re-checks the old pool (a drift would end a
 * run UNPLANNED_WORKLOAD after every workload moved) and a write is refused where the plan never
 * planned one.
 */
import type { PodInfo } from './kube-objects.js';

/** Namespaces of the platform: AKS and Gatekeeper reconcile what is in them. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'gatekeeper-system',
];

/** winshift's own namespace: the pre-pull DaemonSets live here. */
export const WINSHIFT_NAMESPACE = 'winshift-system';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** kube-system and friends, or objects AKS add-ons manage (the addon manager reverts any change). */
export function isSystemObject(
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  return (
    SYSTEM_NAMESPACES.includes(namespace) ||
    labels['kubernetes.azure.com/managedby'] === 'aks' ||
    labels['addonmanager.kubernetes.io/mode'] !== undefined
  );
}

/** Objects the plan never moves or refuses: system ones and winshift's own (the pullers). */
export function isOutsideUpgrade(
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  return namespace === WINSHIFT_NAMESPACE || isSystemObject(namespace, labels);
}

/**
 * Pods on the old pool that neither the plan nor the re-check before the cordon considers: system
 * ones, winshift's own, static (mirror) pods and finished pods.
 */
export function isPodOutsideUpgrade(pod: PodInfo): boolean {
  return (
    isOutsideUpgrade(pod.namespace, pod.labels) ||
    pod.annotations[MIRROR_ANNOTATION] !== undefined ||
    pod.phase === 'Succeeded' ||
    pod.phase === 'Failed'
  );
}
