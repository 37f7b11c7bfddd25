import { idKey, vmssId } from '../../state/ids.js';
import type { VmssState } from '../../state/model.js';
import { armError, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { vmssBody } from '../shapes.js';
import { deterministicGuid } from '../../state/ids.js';
import { missingGroup, resourceNotFound } from './lookup.js';

const GROUP =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachineScaleSets';

function findVmss(context: RouteContext): VmssState | SandboxResponse {
  const { subscriptionId = '', resourceGroupName = '', vmScaleSetName = '' } = context.params;
  const vmss = context.emulator.world.vmss.get(
    idKey(vmssId(subscriptionId, resourceGroupName, vmScaleSetName)),
  );
  if (vmss) return vmss;
  return (
    missingGroup(context) ??
    resourceNotFound('Microsoft.Compute/virtualMachineScaleSets', vmScaleSetName, resourceGroupName)
  );
}

function isVmss(value: VmssState | SandboxResponse): value is VmssState {
  return 'poolName' in value;
}

interface IdentityPatch {
  type?: string;
  userAssignedIdentities?: Record<string, unknown>;
}

/** Applies a PATCH's identity block as Compute does: `null` removes one identity, `type: None` all. */
function applyIdentity(context: RouteContext, vmss: VmssState, patch: IdentityPatch): void {
  const type = (patch.type ?? '').toLowerCase();
  if (type === 'none') {
    vmss.systemAssignedPrincipalId = undefined;
    vmss.userAssignedIdentities.clear();
    return;
  }
  if (patch.type !== undefined) {
    const wantsSystem = type.includes('systemassigned');
    if (wantsSystem && !vmss.systemAssignedPrincipalId) {
      vmss.systemAssignedPrincipalId = deterministicGuid(`system:${idKey(vmss.id)}:${Date.now()}`);
    }
    if (!wantsSystem) vmss.systemAssignedPrincipalId = undefined;
    if (!type.includes('userassigned')) vmss.userAssignedIdentities.clear();
  }
  for (const [id, value] of Object.entries(patch.userAssignedIdentities ?? {})) {
    const existing = [...vmss.userAssignedIdentities.keys()].find(
      (key) => idKey(key) === idKey(id),
    );
    if (value === null) {
      if (existing) vmss.userAssignedIdentities.delete(existing);
    } else if (!existing) {
      vmss.userAssignedIdentities.set(id, context.emulator.world.identityRef(id));
    }
  }
}

function unknownIdentity(context: RouteContext, patch: IdentityPatch): SandboxResponse | undefined {
  const unknown = Object.entries(patch.userAssignedIdentities ?? {}).find(
    ([id, value]) => value !== null && !context.emulator.world.identities.has(idKey(id)),
  );
  if (!unknown) return undefined;
  return armError(
    400,
    'FailedIdentityOperation',
    `Identity (${unknown[0]}) could not be found or is not a user-assigned identity.`,
  );
}

function updateVmss(context: RouteContext): SandboxResponse {
  const vmss = findVmss(context);
  if (!isVmss(vmss)) return vmss;
  const cluster = context.emulator.world.clusters.get(idKey(vmss.clusterId));
  if (cluster?.restrictionLevel === 'ReadOnly') {
    return armError(
      403,
      'DenyAssignmentAuthorizationFailed',
      `The client has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope '${vmss.id}'; however, the access is denied because of the deny assignment with name 'AKS node resource group restriction' (nodeResourceGroupProfile.restrictionLevel ReadOnly).`,
    );
  }
  const body = (context.request.body ?? {}) as {
    identity?: IdentityPatch;
    tags?: Record<string, string>;
  };
  if (body.identity) {
    const refused = unknownIdentity(context, body.identity);
    if (refused) return refused;
    applyIdentity(context, vmss, body.identity);
  }
  if (body.tags) vmss.tags = { ...body.tags };
  return json(200, vmssBody(vmss, context.emulator.world.tenantId));
}

export const computeRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'VirtualMachineScaleSets_List',
    template: GROUP,
    handle: (context) => {
      const missing = missingGroup(context);
      if (missing) return missing;
      const group =
        `/subscriptions/${context.params['subscriptionId']}/resourceGroups/${context.params['resourceGroupName']}`.toLowerCase();
      const items = [...context.emulator.world.vmss.values()].filter((vmss) =>
        vmss.id.toLowerCase().startsWith(`${group}/`),
      );
      return json(200, {
        value: items.map((vmss) => vmssBody(vmss, context.emulator.world.tenantId)),
      });
    },
  },
  {
    method: 'GET',
    operationId: 'VirtualMachineScaleSets_Get',
    template: `${GROUP}/{vmScaleSetName}`,
    handle: (context) => {
      const vmss = findVmss(context);
      return isVmss(vmss) ? json(200, vmssBody(vmss, context.emulator.world.tenantId)) : vmss;
    },
  },
  {
    method: 'PATCH',
    operationId: 'VirtualMachineScaleSets_Update',
    template: `${GROUP}/{vmScaleSetName}`,
    lro: true,
    handle: updateVmss,
  },
];
