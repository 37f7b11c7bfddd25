/**
 * The emulated region's vCPU quotas and VM sizes. Usages are what Compute's Usage_List answers
 * (`name.value`, `currentValue`, `limit`; test/fixtures/azure-api-examples/compute/Usage_List_MaximumSet_Gen.json),
 * counted from the world's scale sets; VM sizes are what the resource SKUs list names (`family`, the
 * `vCPUs` capability; .../compute/ListAvailableResourceSkusForARegion.json), with the family names
 * `az vm list-usage` reports (`standardDSv5Family`, "Standard DSv5 Family vCPUs").
 * A new VM must fit its family's quota and the Total Regional vCPUs (`cores`); Spot VMs count
 * against the low-priority vCPUs (https://learn.microsoft.com/azure/virtual-machines/quotas,
 * https://learn.microsoft.com/azure/virtual-machines/spot-vms).
 */
import { idKey } from './ids.js';
import type { PoolState, VmssState } from './model.js';
import type { World } from './world.js';

export interface VmSizeSpec {
  readonly name: string;
  readonly family: string;
  /** The family's localized usage name. */
  readonly familyText: string;
  readonly vCpus: number;
  readonly memoryGb: number;
}

const size = (name: string, family: string, familyText: string, vCpus: number): VmSizeSpec => ({
  name,
  family,
  familyText: `${familyText} Family vCPUs`,
  vCpus,
  memoryGb: vCpus * 4,
});

/** The VM sizes the sandbox's region offers (the sizes scenarios and tests use). */
export const VM_SIZES: readonly VmSizeSpec[] = [
  size('Standard_D2s_v5', 'standardDSv5Family', 'Standard DSv5', 2),
  size('Standard_D4s_v5', 'standardDSv5Family', 'Standard DSv5', 4),
  size('Standard_D8s_v5', 'standardDSv5Family', 'Standard DSv5', 8),
  size('Standard_D16s_v5', 'standardDSv5Family', 'Standard DSv5', 16),
  size('Standard_D4ds_v5', 'standardDDSv5Family', 'Standard DDSv5', 4),
  size('Standard_D8ds_v5', 'standardDDSv5Family', 'Standard DDSv5', 8),
  size('Standard_D4as_v5', 'standardDASv5Family', 'Standard DASv5', 4),
  size('Standard_D2s_v3', 'standardDSv3Family', 'Standard DSv3', 2),
  size('Standard_D4s_v3', 'standardDSv3Family', 'Standard DSv3', 4),
  size('Standard_DS1_v2', 'standardDSv2Family', 'Standard DSv2', 1),
  size('Standard_D1_v2', 'standardDv2Family', 'Standard Dv2', 1),
];

/** Limits a scenario does not set: generous, so only a scenario's `quotas` makes a region tight. */
export const DEFAULT_LIMITS = {
  vCpus: 350,
  virtualMachines: 25_000,
  virtualMachineScaleSets: 2_500,
} as const;

export function vmSizeOf(name: unknown): VmSizeSpec | undefined {
  return typeof name === 'string'
    ? VM_SIZES.find((s) => s.name.toLowerCase() === name.toLowerCase())
    : undefined;
}

export interface UsageItem {
  readonly name: string;
  readonly localizedName: string;
  readonly currentValue: number;
  readonly limit: number;
}

function poolOf(world: World, vmss: VmssState): PoolState | undefined {
  return world.clusters.get(idKey(vmss.clusterId))?.pools.get(vmss.poolName);
}

/** The scale sets of a subscription in a location. */
function scaleSets(world: World, subscriptionId: string, location: string): VmssState[] {
  return [...world.vmss.values()].filter(
    (v) =>
      v.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
      v.location.toLowerCase() === location.toLowerCase(),
  );
}

/** Usage_List for a subscription and location: counted from the world, limits from the scenario. */
export function usagesIn(world: World, subscriptionId: string, location: string): UsageItem[] {
  const limits = world.quotas.get(`${subscriptionId}/${location}`.toLowerCase()) ?? {};
  const sets = scaleSets(world, subscriptionId, location);
  const used = new Map<string, number>();
  const add = (name: string, n: number): void => {
    used.set(name, (used.get(name) ?? 0) + n);
  };
  for (const vmss of sets) {
    const vm = vmSizeOf(vmss.sku.name);
    const vCpus = (vm?.vCpus ?? 0) * vmss.sku.capacity;
    add('virtualMachines', vmss.sku.capacity);
    if (poolOf(world, vmss)?.properties['scaleSetPriority'] === 'Spot') {
      add('lowPriorityCores', vCpus);
      continue;
    }
    add('cores', vCpus);
    if (vm) add(vm.family, vCpus);
  }
  const item = (name: string, localizedName: string, limit: number): UsageItem => ({
    name,
    localizedName,
    currentValue: used.get(name) ?? 0,
    limit: limits[name] ?? limit,
  });
  const families = new Map(VM_SIZES.map((s) => [s.family, s.familyText]));
  return [
    item('cores', 'Total Regional vCPUs', DEFAULT_LIMITS.vCpus),
    item('lowPriorityCores', 'Total Regional Low-priority vCPUs', DEFAULT_LIMITS.vCpus),
    item('virtualMachines', 'Virtual Machines', DEFAULT_LIMITS.virtualMachines),
    {
      ...item(
        'virtualMachineScaleSets',
        'Virtual Machine Scale Sets',
        DEFAULT_LIMITS.virtualMachineScaleSets,
      ),
      currentValue: sets.length,
    },
    ...[...families].map(([family, text]) => item(family, text, DEFAULT_LIMITS.vCpus)),
  ];
}
