import {
  PatchStrategy,
  setHeaderOptions,
  type CoordinationV1Api,
  type CoreV1Api,
} from '@kubernetes/client-node';

const NAMESPACE = 'kube-node-lease';

/** The kubelet's MicroTime format: the API server wants exactly six fraction digits. */
export function microTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Creates (or takes over) the node's Lease in kube-node-lease and renews it as a kubelet does. */
export async function createLease(api: CoordinationV1Api, nodeName: string): Promise<void> {
  try {
    await api.createNamespacedLease({
      namespace: NAMESPACE,
      body: {
        metadata: { name: nodeName },
        spec: { holderIdentity: nodeName, leaseDurationSeconds: 40 },
      },
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
  await renewLease(api, nodeName);
}

export async function renewLease(api: CoordinationV1Api, nodeName: string): Promise<void> {
  await api.patchNamespacedLease(
    { name: nodeName, namespace: NAMESPACE, body: { spec: { renewTime: microTime() } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

export async function deleteLease(api: CoordinationV1Api, nodeName: string): Promise<void> {
  try {
    await api.deleteNamespacedLease({ name: nodeName, namespace: NAMESPACE });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
}

/**
 * The kubelet's node status sync: when the node lifecycle controller has marked a live node's Ready
 * condition Unknown (its heartbeats arrived too late, e.g. on a starved machine), post Ready again.
 */
export async function syncNodeReady(core: CoreV1Api, nodeName: string): Promise<void> {
  const node = await core.readNode({ name: nodeName });
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status === 'True') return;
  const now = new Date().toISOString();
  const condition = { type: 'Ready', status: 'True', reason: 'KubeletReady' };
  const message = 'kubelet is posting ready status';
  await core.patchNodeStatus(
    {
      name: nodeName,
      body: {
        status: {
          conditions: [{ ...condition, message, lastHeartbeatTime: now, lastTransitionTime: now }],
        },
      },
    },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}
