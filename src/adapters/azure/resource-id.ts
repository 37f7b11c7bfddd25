/**
 * ARM resource ids, parsed once at the adapter boundary so a malformed id in a request or a plan stops
 * with a clear INVALID_INPUT instead of an SDK call against a wrong path.
 */
import { WinshiftError } from '../../domain/errors.js';

export interface ResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Microsoft.ContainerService`, as written in the id. */
  readonly provider: string;
  /** `managedClusters`, `virtualMachineScaleSets`, ... (the last type segment). */
  readonly type: string;
  readonly name: string;
}

const ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i;

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}` and checks the
 * provider and type (case-insensitively, as ARM compares them). `what` names the id in the error.
 */
export function parseResourceId(
  id: string,
  provider: string,
  type: string,
  what: string,
): ResourceId {
  const match = ID.exec(id.trim());
  const [, subscriptionId, resourceGroup, ns, kind, name] = match ?? [];
  if (
    subscriptionId === undefined ||
    resourceGroup === undefined ||
    ns === undefined ||
    kind === undefined ||
    name === undefined ||
    ns.toLowerCase() !== provider.toLowerCase() ||
    kind.toLowerCase() !== type.toLowerCase()
  ) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `${what} "${id}" is not an ARM id of the form /subscriptions/<id>/resourceGroups/<group>/providers/${provider}/${type}/<name>`,
    );
  }
  return { subscriptionId, resourceGroup, provider: ns, type: kind, name };
}

export const parseClusterId = (id: string): ResourceId =>
  parseResourceId(id, 'Microsoft.ContainerService', 'managedClusters', 'cluster resource id');

export const parseVmssId = (id: string): ResourceId =>
  parseResourceId(id, 'Microsoft.Compute', 'virtualMachineScaleSets', 'scale set resource id');

export const parseIdentityId = (id: string): ResourceId =>
  parseResourceId(
    id,
    'Microsoft.ManagedIdentity',
    'userAssignedIdentities',
    'managed identity resource id',
  );

export const parseVaultId = (id: string): ResourceId =>
  parseResourceId(id, 'Microsoft.KeyVault', 'vaults', 'Key Vault resource id');

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}` */
export function formatResourceId(id: ResourceId): string {
  return `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}/providers/${id.provider}/${id.type}/${id.name}`;
}
