/**
 * Microsoft.ContainerRegistry registries for the scenario's ACRs that name a `resourceId`:
 * Registries_List (subscription) and Registries_Get, in the shape of the 2025-11-01 examples
 * RegistryList.json / RegistryGet.json (test/fixtures/azure-api-examples/containerregistry), with
 * `properties.roleAssignmentMode` and `properties.policies.azureADAuthenticationAsArmPolicy.status`
 * from the scenario's switches (spec: containerregistry stable/2025-11-01 containerregistry.json,
 * definitions RoleAssignmentMode and AzureADAuthenticationAsArmPolicy).
 */
import { idKey } from '../../state/ids.js';
import type { RegistryContent } from '../../state/images.js';
import type { World } from '../../state/world.js';
import { DEFAULT_LOCATION } from '../../state/world.js';
import { json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { missingGroup, resourceNotFound } from './lookup.js';

const REGISTRIES =
  '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/registries';

function registryBody(
  world: World,
  registry: RegistryContent,
  id: string,
): Record<string, unknown> {
  const group = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)/i.exec(id)?.[1] ?? '';
  return {
    id,
    name: id.split('/').pop() ?? '',
    type: 'Microsoft.ContainerRegistry/registries',
    location: world.resourceGroups.get(idKey(group))?.location ?? DEFAULT_LOCATION,
    tags: {},
    sku: { name: 'Standard', tier: 'Standard' },
    properties: {
      loginServer: registry.host,
      creationDate: '2026-01-05T09:00:00.0000000Z',
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: {
          days: 7,
          lastUpdatedTime: '2026-01-05T09:00:00.0000000+00:00',
          status: 'disabled',
        },
        exportPolicy: { status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: registry.azureADAuthenticationAsArmPolicy },
      },
      encryption: { status: 'disabled' },
      status: null,
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      publicNetworkAccess: 'Enabled',
      networkRuleBypassOptions: 'AzureServices',
      networkRuleBypassAllowedForTasks: false,
      zoneRedundancy: 'Disabled',
      anonymousPullEnabled: registry.auth === 'anonymous',
      roleAssignmentMode: registry.roleAssignmentMode,
    },
  };
}

function withIds(context: RouteContext): { registry: RegistryContent; id: string }[] {
  return [...context.emulator.registries.values()].flatMap((registry) =>
    registry.resourceId === undefined ? [] : [{ registry, id: registry.resourceId }],
  );
}

function listRegistries(context: RouteContext): SandboxResponse {
  const prefix = `/subscriptions/${(context.params['subscriptionId'] ?? '').toLowerCase()}/`;
  const value = withIds(context)
    .filter(({ id }) => id.toLowerCase().startsWith(prefix))
    .map(({ registry, id }) => registryBody(context.emulator.world, registry, id));
  return json(200, { value });
}

function getRegistry(context: RouteContext): SandboxResponse {
  const { subscriptionId = '', resourceGroupName = '', registryName = '' } = context.params;
  const wanted = idKey(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/${registryName}`,
  );
  const found = withIds(context).find(({ id }) => idKey(id) === wanted);
  if (found) return json(200, registryBody(context.emulator.world, found.registry, found.id));
  return (
    missingGroup(context) ??
    resourceNotFound('Microsoft.ContainerRegistry/registries', registryName, resourceGroupName)
  );
}

export const containerRegistryRoutes: readonly Route[] = [
  { method: 'GET', operationId: 'Registries_List', template: REGISTRIES, handle: listRegistries },
  {
    method: 'GET',
    operationId: 'Registries_Get',
    template:
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}',
    handle: getRegistry,
  },
];
