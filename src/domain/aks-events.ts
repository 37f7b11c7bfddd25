/**
 * The AKS Event Grid events winshift acts on (DESIGN section 1; official examples in
 * test/fixtures/azure-api-examples/eventgrid-aks), as read from either delivery schema.
 */
export const AKS_EVENT_TYPES = [
  'ClusterSupportEnding',
  'ClusterSupportEnded',
  'NewKubernetesVersionAvailable',
  'NodePoolRollingStarted',
  'NodePoolRollingSucceeded',
  'NodePoolRollingFailed',
] as const;
export type AksEventType = (typeof AKS_EVENT_TYPES)[number];

/** Types that make winshift rescan the cluster; the others concern one node pool. */
export const CLUSTER_EVENT_TYPES: readonly AksEventType[] = [
  'ClusterSupportEnding',
  'ClusterSupportEnded',
  'NewKubernetesVersionAvailable',
];

export interface AksEvent {
  readonly id: string;
  readonly type: AksEventType;
  readonly schema: 'eventGrid' | 'cloudEvents';
  readonly clusterResourceId: string;
  readonly subscriptionId: string;
  readonly eventTime: string;
  /** NodePoolRolling* only. */
  readonly nodePoolName?: string;
  /** ClusterSupportEnding/Ended: the cluster's version whose support ends. */
  readonly kubernetesVersion?: string;
}
