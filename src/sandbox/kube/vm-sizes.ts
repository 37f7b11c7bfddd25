/** vCPUs and memory of the VM sizes scenarios use (Azure's published sizes). */
const SIZES: Readonly<Record<string, { cpu: number; memoryGiB: number }>> = {
  standard_b2s: { cpu: 2, memoryGiB: 4 },
  standard_b4ms: { cpu: 4, memoryGiB: 16 },
  standard_ds2_v2: { cpu: 2, memoryGiB: 7 },
  standard_ds3_v2: { cpu: 4, memoryGiB: 14 },
  standard_d2s_v3: { cpu: 2, memoryGiB: 8 },
  standard_d4s_v3: { cpu: 4, memoryGiB: 16 },
  standard_d8s_v3: { cpu: 8, memoryGiB: 32 },
  standard_d2s_v5: { cpu: 2, memoryGiB: 8 },
  standard_d4s_v5: { cpu: 4, memoryGiB: 16 },
  standard_d8s_v5: { cpu: 8, memoryGiB: 32 },
  standard_d2ds_v5: { cpu: 2, memoryGiB: 8 },
  standard_d4ds_v5: { cpu: 4, memoryGiB: 16 },
  standard_d4as_v5: { cpu: 4, memoryGiB: 16 },
  standard_e4s_v5: { cpu: 4, memoryGiB: 32 },
};

export interface NodeResources {
  readonly capacity: Record<string, string>;
  readonly allocatable: Record<string, string>;
}

/**
 * Capacity and allocatable the way AKS nodes report them: allocatable keeps back AKS's kube-reserved
 * CPU (about 60m + 10m per core) and ~25% of memory (kube-reserved plus the eviction threshold).
 */
export function nodeResources(vmSize: string, maxPods: number): NodeResources {
  const size = SIZES[vmSize.toLowerCase()] ?? { cpu: 4, memoryGiB: 16 };
  const memoryKi = size.memoryGiB * 1024 * 1024;
  const pods = String(maxPods);
  const storage = '133003900Ki';
  return {
    capacity: {
      cpu: String(size.cpu),
      memory: `${memoryKi}Ki`,
      pods,
      'ephemeral-storage': storage,
    },
    allocatable: {
      cpu: `${size.cpu * 1000 - 60 - 10 * size.cpu}m`,
      memory: `${Math.floor(memoryKi * 0.75)}Ki`,
      pods,
      'ephemeral-storage': '122575087Ki',
    },
  };
}
