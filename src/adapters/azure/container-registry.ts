/**
 * ContainerRegistryPort over ARM (Registries_List, containerregistry stable/2025-11-01 in
 * azure-rest-api-specs, the first stable version with `properties.roleAssignmentMode`): the
 * registry whose `properties.loginServer` is a host, with its role assignment mode and its
 * `properties.policies.azureADAuthenticationAsArmPolicy.status` (spec definitions RoleAssignmentMode
 * and AzureADAuthenticationAsArmPolicy; default `enabled`). Registries are found in winshift's
 * subscriptions, like vaults; only ACR hosts are looked for.
 */
import type { RegistryResource, RoleAssignmentMode } from '../../domain/access-facts.js';
import type { ContainerRegistryPort } from '../../ports/access.js';
import { azureCall } from '../errors.js';
import { isAcrHost } from '../registry/challenge.js';
import { createArmList, type ArmList } from './arm-list.js';
import type { AzureClientContext } from './clients.js';

export const CONTAINER_REGISTRY_API_VERSION = '2025-11-01';

interface RegistryBody {
  readonly id?: unknown;
  readonly properties?: {
    readonly loginServer?: unknown;
    readonly roleAssignmentMode?: unknown;
    readonly policies?: {
      readonly azureADAuthenticationAsArmPolicy?: { readonly status?: unknown };
    };
  };
}

/** A registry body as winshift reads it; undefined without an id or login server. */
export function toRegistryResource(item: unknown): RegistryResource | undefined {
  const body = (item ?? {}) as RegistryBody;
  const properties = body.properties ?? {};
  if (typeof body.id !== 'string' || typeof properties.loginServer !== 'string') return undefined;
  const mode: RoleAssignmentMode =
    properties.roleAssignmentMode === 'AbacRepositoryPermissions'
      ? 'AbacRepositoryPermissions'
      : 'LegacyRegistryPermissions';
  const status = properties.policies?.azureADAuthenticationAsArmPolicy?.status;
  return {
    resourceId: body.id,
    loginServer: properties.loginServer,
    roleAssignmentMode: mode,
    armAudienceTokens:
      typeof status === 'string' && status.toLowerCase() === 'disabled' ? 'disabled' : 'enabled',
  };
}

class ContainerRegistryAdapter implements ContainerRegistryPort {
  readonly #context: AzureClientContext;
  readonly #list: ArmList;

  constructor(context: AzureClientContext) {
    this.#context = context;
    this.#list = createArmList(context);
  }

  async findRegistry(host: string): Promise<RegistryResource | undefined> {
    if (!isAcrHost(host)) return undefined;
    const wanted = host.toLowerCase();
    for (const subscriptionId of this.#context.subscriptions) {
      const items = await azureCall(
        `Container Registry: look for ${host} in ${subscriptionId}`,
        () =>
          this.#list(
            `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerRegistry/registries`,
            CONTAINER_REGISTRY_API_VERSION,
          ),
      );
      const found = items
        .map(toRegistryResource)
        .find((r) => r !== undefined && r.loginServer.toLowerCase() === wanted);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

export function createContainerRegistryAdapter(context: AzureClientContext): ContainerRegistryPort {
  return new ContainerRegistryAdapter(context);
}
