/**
 * Every Kubernetes API call this adapter makes, by file and client method, with the RBAC grants
 * (`group/resource:verb`) it needs. The one list winshift's Kubernetes rights come from:
 * test/unit/deploy/kubernetes-rbac.test.ts finds the calls in this folder's sources (TypeScript's
 * checker) and fails on a call not listed here, and holds infra/kubernetes/permissions.json, the
 * ClusterRole, the Azure RBAC for Kubernetes role of infra/main.bicep and the sandbox scenario's
 * ClusterRole to exactly these grants (nothing used and not granted, nothing granted and unused).
 *
 * Discovery (`getAPIResources`, and the group lists KubernetesObjectApi reads to name a kind's
 * resource) is a non-resource URL every authenticated user may read (the `system:discovery`
 * ClusterRole): no grant. CronJobs are patched and read as batch/v1 or batch/v1beta1 (cronjobs.ts):
 * RBAC names the group, not the version, so one grant covers both.
 */
export const KUBERNETES_API_CALLS: Readonly<
  Record<string, Readonly<Record<string, readonly string[]>>>
> = {
  'port.ts': {
    'CoreV1Api.listPodForAllNamespaces': ['/pods:list'],
    'CoreV1Api.listNode': ['/nodes:list'],
    'CoreV1Api.patchNode': ['/nodes:patch'],
    'CoreV1Api.deleteNamespacedPod': ['/pods:delete'],
    'NodeV1Api.listRuntimeClass': ['node.k8s.io/runtimeclasses:list'],
    'CoreV1Api.listNamespace': ['/namespaces:list'],
    'CustomObjectsApi.listClusterCustomObject': ['windows.k8s.io/gmsacredentialspecs:list'],
  },
  'workloads.ts': {
    'AppsV1Api.readNamespacedDeployment': ['apps/deployments:get'],
    'AppsV1Api.readNamespacedStatefulSet': ['apps/statefulsets:get'],
    'AppsV1Api.readNamespacedDaemonSet': ['apps/daemonsets:get'],
    'AppsV1Api.readNamespacedReplicaSet': ['apps/replicasets:get'],
    'AppsV1Api.patchNamespacedDeployment': ['apps/deployments:patch'],
    'AppsV1Api.patchNamespacedStatefulSet': ['apps/statefulsets:patch'],
    'AppsV1Api.patchNamespacedDaemonSet': ['apps/daemonsets:patch'],
    'CoreV1Api.listNamespacedPod': ['/pods:list'],
    // The strategic merge patch of every kind winshift moves.
    'KubernetesObjectApi.patch': [
      'apps/deployments:patch',
      'apps/statefulsets:patch',
      'apps/daemonsets:patch',
      'batch/cronjobs:patch',
    ],
  },
  'cronjobs.ts': {
    'BatchV1Api.getAPIResources': [],
    'KubernetesObjectApi.read': ['batch/cronjobs:get'],
    'KubernetesObjectApi.list': ['batch/cronjobs:list'],
    'KubernetesObjectApi.patch': ['batch/cronjobs:patch'],
    'BatchV1Api.patchNamespacedCronJob': ['batch/cronjobs:patch'],
  },
  'templates.ts': {
    'AppsV1Api.listDeploymentForAllNamespaces': ['apps/deployments:list'],
    'AppsV1Api.listStatefulSetForAllNamespaces': ['apps/statefulsets:list'],
    'AppsV1Api.listDaemonSetForAllNamespaces': ['apps/daemonsets:list'],
    'AppsV1Api.listReplicaSetForAllNamespaces': ['apps/replicasets:list'],
    'BatchV1Api.listJobForAllNamespaces': ['batch/jobs:list'],
  },
  'daemonsets.ts': {
    'CoreV1Api.createNamespace': ['/namespaces:create'],
    'AppsV1Api.createNamespacedDaemonSet': ['apps/daemonsets:create'],
    'AppsV1Api.patchNamespacedDaemonSet': ['apps/daemonsets:patch'],
    'AppsV1Api.deleteNamespacedDaemonSet': ['apps/daemonsets:delete'],
  },
  'eviction.ts': {
    'CoreV1Api.getAPIResources': [],
    'CoreV1Api.createNamespacedPodEviction': ['/pods/eviction:create'],
  },
};

/** Every grant the calls need, as `group/resource:verb`. */
export function requiredKubernetesGrants(): Set<string> {
  return new Set(
    Object.values(KUBERNETES_API_CALLS).flatMap((calls) => Object.values(calls).flat()),
  );
}
