/**
 * What the plan's preflight reads (issue 13 items 5 and 6): Compute's regional usages and resource
 * SKUs, and a subnet with the IP configurations using it. Shapes from the official examples
 * (test/fixtures/azure-api-examples: compute/Usage_List_MaximumSet_Gen.json,
 * compute/ListAvailableResourceSkusForARegion.json, network/SubnetGet.json).
 */
import { usagesIn, VM_SIZES, type VmSizeSpec } from '../../state/compute-capacity.js';
import { idKey } from '../../state/ids.js';
import { ipConfigurationIds } from '../../state/subnet-usage.js';
import { armError, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { missingGroup, resourceNotFound } from './lookup.js';

const COMPUTE = '/subscriptions/{subscriptionId}/providers/Microsoft.Compute';
const SUBNET =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}';

function unknownSubscription(context: RouteContext): SandboxResponse | undefined {
  const id = context.params['subscriptionId'] ?? '';
  if (context.emulator.world.subscriptions.has(id.toLowerCase())) return undefined;
  return armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
}

function usages(context: RouteContext): SandboxResponse {
  const refused = unknownSubscription(context);
  if (refused) return refused;
  const { subscriptionId = '', location = '' } = context.params;
  const value = usagesIn(context.emulator.world, subscriptionId, location).map((u) => ({
    unit: 'Count',
    currentValue: u.currentValue,
    limit: u.limit,
    name: { value: u.name, localizedValue: u.localizedName },
  }));
  return json(200, { value });
}

function skuBody(vm: VmSizeSpec, location: string): Record<string, unknown> {
  return {
    resourceType: 'virtualMachines',
    locations: [location],
    capabilities: [
      { name: 'vCPUs', value: String(vm.vCpus) },
      { name: 'MemoryGB', value: String(vm.memoryGb) },
      { name: 'vCPUsAvailable', value: String(vm.vCpus) },
      { name: 'LowPriorityCapable', value: 'True' },
      { name: 'PremiumIO', value: 'True' },
    ],
    locationInfo: [{ location, zones: ['1', '2', '3'] }],
    name: vm.name,
    tier: 'Standard',
    size: vm.name.replace(/^Standard_/, ''),
    family: vm.family,
    restrictions: [],
  };
}

/** ResourceSkus_List: the VM sizes, in the `$filter`'s location or every location of the world. */
function skus(context: RouteContext): SandboxResponse {
  const refused = unknownSubscription(context);
  if (refused) return refused;
  const filter = context.request.url.searchParams.get('$filter') ?? '';
  const wanted = /location\s+eq\s+'([^']+)'/i.exec(filter)?.[1];
  const locations = wanted
    ? [wanted.toLowerCase()]
    : [...new Set([...context.emulator.world.resourceGroups.values()].map((g) => g.location))];
  const value = locations.flatMap((location) => VM_SIZES.map((vm) => skuBody(vm, location)));
  return json(200, { value, nextLink: null });
}

function subnet(context: RouteContext): SandboxResponse {
  const {
    subscriptionId = '',
    resourceGroupName = '',
    virtualNetworkName = '',
    subnetName = '',
  } = context.params;
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}/subnets/${subnetName}`;
  const found = context.emulator.world.subnets.get(idKey(id));
  if (!found) {
    return (
      missingGroup(context) ??
      resourceNotFound(
        'Microsoft.Network/virtualNetworks/subnets',
        `${virtualNetworkName}/${subnetName}`,
        resourceGroupName,
      )
    );
  }
  const ipConfigurations = ipConfigurationIds(context.emulator.world, found).map((ref) => ({
    id: ref,
  }));
  return json(200, {
    id: found.id,
    name: found.name,
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      addressPrefix: found.addressPrefix,
      provisioningState: 'Succeeded',
      ...(ipConfigurations.length > 0 ? { ipConfigurations } : {}),
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
  });
}

export const capacityRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'Usage_List',
    template: `${COMPUTE}/locations/{location}/usages`,
    handle: usages,
  },
  { method: 'GET', operationId: 'ResourceSkus_List', template: `${COMPUTE}/skus`, handle: skus },
  { method: 'GET', operationId: 'Subnets_Get', template: SUBNET, handle: subnet },
];
