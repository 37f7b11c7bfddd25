import type { ClusterNodes, PoolSpec } from '../kube/cluster-backend.js';
import { normalizeImageRef, type ImageCatalog } from '../kube/image-catalog.js';
import { idKey } from '../state/ids.js';
import type { ImageLookup } from '../state/images.js';
import type { PoolHooks, PoolNodesSpec } from '../state/pool-hooks.js';

/** The ARM emulator's view of a pool -> what the node simulator registers. */
export function toKubePoolSpec(pool: PoolNodesSpec): PoolSpec {
  return {
    name: pool.name,
    osType: pool.osType,
    osSku: pool.osSKU,
    count: pool.count,
    vmSize: pool.vmSize,
    availabilityZones: pool.availabilityZones,
    mode: pool.mode === 'System' ? 'System' : 'User',
    nodeLabels: pool.nodeLabels,
    nodeTaints: pool.nodeTaints,
    scaleSetName: pool.vmssName,
    ...(pool.maxPods !== undefined ? { maxPods: pool.maxPods } : {}),
    // Nodes report the kubelet version ARM shows, so node info and the pool agree.
    ...(pool.orchestratorVersion ? { orchestratorVersion: pool.orchestratorVersion } : {}),
  };
}

/**
 * Pool hooks that route each cluster's pool changes to its simulated nodes (by ARM id, case-
 * insensitively). Clusters without Kubernetes (ARM-only) are not in the map: nothing happens for them.
 */
export function clusterPoolHooks(clusters: ReadonlyMap<string, ClusterNodes>): PoolHooks {
  const nodesOf = (clusterId: string): ClusterNodes | undefined => clusters.get(idKey(clusterId));
  return {
    poolCreated: async (clusterId, pool) => {
      await nodesOf(clusterId)?.poolCreated(toKubePoolSpec(pool));
    },
    poolDeleted: async (clusterId, poolName) => {
      await nodesOf(clusterId)?.poolDeleted(poolName);
    },
  };
}

/** The nodes' image knowledge, served by the emulator's registries (what a pull would find). */
export function registryImageCatalog(lookup: ImageLookup): ImageCatalog {
  return {
    lookup: (imageRef) => {
      const variants = lookup(normalizeImageRef(imageRef));
      return Promise.resolve(
        variants?.map((variant) => ({
          os: variant.os,
          ...(variant.osVersion ? { osVersion: variant.osVersion } : {}),
          sizeBytes: variant.sizeBytes,
        })),
      );
    },
  };
}
