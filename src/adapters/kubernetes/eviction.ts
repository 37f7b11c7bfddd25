/**
 * Evictions as kubectl drain does them: the Eviction's group/version comes from the core API's
 * discovery (the `pods/eviction` subresource names it: policy/v1 from Kubernetes 1.22, v1beta1
 * before; a 1.20 server answers a policy/v1 body with 400), asked once per cluster. A 429 is a
 * PodDisruptionBudget refusing: an expected outcome the drain retries, returned as a value.
 */
import type { CoreV1Api, V1APIResourceList } from '@kubernetes/client-node';
import type { EvictionResult } from '../../ports/kubernetes.js';
import { discoverOnce } from './discovery.js';
import { isNotFound, kubeCall, statusMessage, statusOf, toWinshiftError } from './errors.js';

/** What kubectl assumes when discovery names no version (servers before 1.8 did not). */
export const FALLBACK_EVICTION_VERSION = 'policy/v1beta1';

/** The apiVersion for Eviction bodies, from the core group's resource list. */
export function evictionApiVersion(resources: V1APIResourceList): string {
  const eviction = resources.resources.find(
    (r) => r.name === 'pods/eviction' && r.kind === 'Eviction' && r.group && r.version,
  );
  return eviction ? `${eviction.group}/${eviction.version}` : FALLBACK_EVICTION_VERSION;
}

export interface Evictor {
  evict(namespace: string, name: string): Promise<EvictionResult>;
}

export function createEvictor(core: CoreV1Api): Evictor {
  const apiVersion = discoverOnce(async () =>
    evictionApiVersion(
      await kubeCall('discover the Eviction API version', () => core.getAPIResources()),
    ),
  );
  return {
    async evict(namespace, name) {
      const body = {
        apiVersion: await apiVersion(),
        kind: 'Eviction',
        metadata: { name, namespace },
      };
      try {
        await core.createNamespacedPodEviction({ name, namespace, body });
        return { outcome: 'evicted' };
      } catch (error) {
        if (isNotFound(error)) return { outcome: 'gone' };
        if (statusOf(error) === 429) return { outcome: 'blocked', message: statusMessage(error) };
        throw toWinshiftError(error, `evict pod ${namespace}/${name}`);
      }
    },
  };
}
