/**
 * The DaemonSet object for a `DaemonSetSpec` (the pre-pull of DESIGN step 3): one init container per
 * image running a no-op, so the kubelet pulls every image and the pod turns Ready only once all are
 * present, and a pause main container that keeps the pod alive at no cost (AKS Windows nodes already
 * hold the pause image for their pod sandboxes). Pure.
 */
import type { V1DaemonSet } from '@kubernetes/client-node';
import type { DaemonSetSpec } from '../../ports/kubernetes.js';

/** A multi-platform pause image with Windows Server 2019, 2022 and 2025 variants. */
export const DEFAULT_PAUSE_IMAGE = 'mcr.microsoft.com/oss/kubernetes/pause:3.9';

/** The pod label the DaemonSet selects on (its labels may change between applies; this cannot). */
export const DAEMONSET_SELECTOR_LABEL = 'winshift.io/daemonset';

/** `cmd` is in every Windows base image (nanoserver included) and exits at once. */
const NO_OP_COMMAND = ['cmd', '/c', 'exit 0'];

export function daemonSetManifest(
  spec: DaemonSetSpec,
  pauseImage: string = DEFAULT_PAUSE_IMAGE,
): V1DaemonSet {
  const selector = { [DAEMONSET_SELECTOR_LABEL]: spec.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: spec.name, namespace: spec.namespace, labels: { ...spec.labels } },
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...spec.labels, ...selector } },
        spec: {
          nodeSelector: { ...spec.nodeSelector },
          ...(spec.tolerations ? { tolerations: spec.tolerations.map((t) => ({ ...t })) } : {}),
          initContainers: spec.images.map((image, index) => ({
            name: `pull-${index}`,
            image,
            command: NO_OP_COMMAND,
          })),
          containers: [{ name: 'pause', image: pauseImage }],
          // Nothing to shut down gracefully: removal should not wait 30 s per pod.
          terminationGracePeriodSeconds: 0,
        },
      },
    },
  };
}
