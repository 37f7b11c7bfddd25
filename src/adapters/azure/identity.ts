/** IdentityPort over @azure/arm-msi: a user-assigned identity's principal and client ids. */
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { WinshiftError } from '../../domain/errors.js';
import type { IdentityPort, UserAssignedIdentity } from '../../ports/azure.js';
import { azureCall } from '../errors.js';
import { perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import { parseIdentityId } from './resource-id.js';

class IdentityAdapter implements IdentityPort {
  readonly #clients: (subscriptionId: string) => ManagedServiceIdentityClient;

  constructor(context: AzureClientContext) {
    this.#clients = perSubscription(
      (id) => new ManagedServiceIdentityClient(context.credential, id, sdkOptions(context)),
    );
  }

  /**
   * Not limited to the allowed subscriptions: gMSA identities often live in a shared subscription,
   * and reading one changes nothing.
   */
  async getUserAssignedIdentity(resourceId: string): Promise<UserAssignedIdentity> {
    const id = parseIdentityId(resourceId);
    const identity = await azureCall(`Managed identity: read ${id.name}`, () =>
      this.#clients(id.subscriptionId).userAssignedIdentities.get(id.resourceGroup, id.name),
    );
    if (!identity.principalId || !identity.clientId) {
      throw new WinshiftError('INTERNAL', `identity ${resourceId} has no principal or client id`);
    }
    return {
      resourceId: identity.id ?? resourceId,
      principalId: identity.principalId,
      clientId: identity.clientId,
    };
  }
}

export function createIdentityAdapter(context: AzureClientContext): IdentityPort {
  return new IdentityAdapter(context);
}
