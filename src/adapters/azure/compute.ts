/**
 * ComputePort over @azure/arm-compute: a pool's VMSS in the node resource group (tag
 * `aks-managed-poolName`) and its identities. PATCHes wait for ARM's answer (scale set identity
 * updates finish quickly) so the next step reads the new principal.
 */
import { ComputeManagementClient, type VirtualMachineScaleSet } from '@azure/arm-compute';
import { WinshiftError } from '../../domain/errors.js';
import type { ComputePort, PoolVmss } from '../../ports/azure.js';
import { azureCall, type AzureErrorOptions } from '../errors.js';
import { assertAllowed, perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import { parseVmssId, type ResourceId } from './resource-id.js';
import {
  addUserAssignedPatch,
  enableSystemAssignedPatch,
  type IdentityPatch,
} from './vmss-identity.js';

/** Failures are classified by the Compute table (a busy scale set's 409 is retried). */
const COMPUTE: AzureErrorOptions = { service: 'compute' };

export const POOL_NAME_TAG = 'aks-managed-poolName';

export function toPoolVmss(vmss: VirtualMachineScaleSet): PoolVmss {
  const principalId = vmss.identity?.principalId;
  return {
    resourceId: vmss.id ?? '',
    userAssignedIdentityIds: Object.keys(vmss.identity?.userAssignedIdentities ?? {}),
    ...(principalId ? { systemAssignedPrincipalId: principalId } : {}),
  };
}

export interface PrincipalPolling {
  readonly attempts: number;
  readonly delayInMs: number;
}

/**
 * The principal id a PATCH answered with, else read again a few times: Entra may create the
 * principal a moment after the PATCH completes. undefined when it never shows up (the caller's
 * TRANSIENT lets the activity retry later instead of holding the invocation).
 */
export async function waitForPrincipal(
  answered: string | undefined,
  read: () => Promise<string | undefined>,
  polling: PrincipalPolling = { attempts: 5, delayInMs: 2000 },
): Promise<string | undefined> {
  if (answered) return answered;
  for (let attempt = 0; attempt < polling.attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, polling.delayInMs));
    const principalId = await read();
    if (principalId) return principalId;
  }
  return undefined;
}

class ComputeAdapter implements ComputePort {
  readonly #context: AzureClientContext;
  readonly #clients: (subscriptionId: string) => ComputeManagementClient;

  constructor(context: AzureClientContext) {
    this.#context = context;
    this.#clients = perSubscription(
      (id) => new ComputeManagementClient(context.credential, id, sdkOptions(context)),
    );
  }

  async findPoolVmss(
    subscriptionId: string,
    nodeResourceGroup: string,
    poolName: string,
  ): Promise<PoolVmss | undefined> {
    assertAllowed(this.#context, subscriptionId);
    const sets = this.#clients(subscriptionId).virtualMachineScaleSets.list(nodeResourceGroup);
    const found = await azureCall(
      `Compute: list scale sets of ${nodeResourceGroup}`,
      async () => {
        for await (const vmss of sets) if (vmss.tags?.[POOL_NAME_TAG] === poolName) return vmss;
        return undefined;
      },
      COMPUTE,
    );
    return found === undefined ? undefined : toPoolVmss(found);
  }

  async addUserAssignedIdentities(
    vmssResourceId: string,
    identityIds: readonly string[],
  ): Promise<void> {
    const id = this.#vmss(vmssResourceId);
    const current = await this.#get(id);
    const patch = addUserAssignedPatch(current.identity, identityIds);
    if (patch !== undefined) await this.#patch(id, patch, 'add user-assigned identities');
  }

  async enableSystemAssignedIdentity(vmssResourceId: string): Promise<string> {
    const id = this.#vmss(vmssResourceId);
    const current = await this.#get(id);
    const existing = current.identity?.principalId;
    if (existing) return existing;
    const updated = await this.#patch(
      id,
      enableSystemAssignedPatch(current.identity),
      'enable the system-assigned identity',
    );
    const principalId = await waitForPrincipal(
      updated.identity?.principalId,
      async () => (await this.#get(id)).identity?.principalId,
    );
    if (principalId === undefined) {
      throw new WinshiftError(
        'TRANSIENT',
        `Compute: scale set ${id.name} reports no system-assigned principal yet`,
      );
    }
    return principalId;
  }

  #vmss(resourceId: string): ResourceId {
    const id = parseVmssId(resourceId);
    assertAllowed(this.#context, id.subscriptionId);
    return id;
  }

  #get(id: ResourceId): Promise<VirtualMachineScaleSet> {
    return azureCall(
      `Compute: read scale set ${id.name}`,
      () => this.#clients(id.subscriptionId).virtualMachineScaleSets.get(id.resourceGroup, id.name),
      COMPUTE,
    );
  }

  #patch(id: ResourceId, identity: IdentityPatch, doing: string): Promise<VirtualMachineScaleSet> {
    return azureCall(
      `Compute: ${doing} on scale set ${id.name}`,
      async () =>
        await this.#clients(id.subscriptionId).virtualMachineScaleSets.update(
          id.resourceGroup,
          id.name,
          { identity },
          { updateIntervalInMs: 1000 },
        ),
      COMPUTE,
    );
  }
}

export function createComputeAdapter(context: AzureClientContext): ComputePort {
  return new ComputeAdapter(context);
}
