/**
 * AuthorizationPort over @azure/arm-authorization. `ensureAssignment` names the assignment
 * deterministically (role-assignment-name.ts), so a repeat addresses the same assignment; one made
 * under another name (by hand, by an earlier tool) answers 409 RoleAssignmentExists and counts as done.
 */
import {
  AuthorizationManagementClient,
  type RoleAssignment as SdkRoleAssignment,
} from '@azure/arm-authorization';
import { WinshiftError } from '../../domain/errors.js';
import type { AuthorizationPort, RoleAssignment } from '../../ports/azure.js';
import {
  azureCall,
  serviceCodeOf,
  statusOf,
  toWinshiftError,
  type AzureErrorOptions,
} from '../errors.js';
import { perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import {
  normaliseScope,
  qualifiedRoleDefinitionId,
  roleAssignmentName,
  roleGuidOf,
} from './role-assignment-name.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Failures are classified by the Authorization table: a principal created moments ago that has not
 * replicated yet (PrincipalNotFound) is TRANSIENT there.
 */
const AUTHORIZATION: AzureErrorOptions = { service: 'authorization' };

export function toRoleAssignment(item: SdkRoleAssignment): RoleAssignment {
  return {
    id: item.id ?? '',
    scope: item.scope ?? '',
    roleDefinitionId: item.roleDefinitionId ?? '',
    principalId: item.principalId ?? '',
  };
}

type Wanted = Parameters<AuthorizationPort['ensureAssignment']>[0];

const sameAssignment = (a: RoleAssignment, wanted: Wanted): boolean =>
  normaliseScope(a.scope) === normaliseScope(wanted.scope) &&
  roleGuidOf(a.roleDefinitionId) === roleGuidOf(wanted.roleDefinitionId) &&
  a.principalId.toLowerCase() === wanted.principalId.toLowerCase();

function subscriptionOfScope(scope: string): string | undefined {
  return /^\/?subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

class AuthorizationAdapter implements AuthorizationPort {
  readonly #clients: (subscriptionId: string) => AuthorizationManagementClient;

  constructor(context: AzureClientContext) {
    this.#clients = perSubscription(
      (id) => new AuthorizationManagementClient(context.credential, id, sdkOptions(context)),
    );
  }

  /** Assignments of the principal at, above and below the subscription (ARM's principalId filter). */
  async listForPrincipal(
    subscriptionId: string,
    principalId: string,
  ): Promise<readonly RoleAssignment[]> {
    return this.#list(subscriptionId, `/subscriptions/${subscriptionId}`, principalId);
  }

  async ensureAssignment(wanted: Wanted): Promise<RoleAssignment> {
    const subscriptionId = subscriptionOfScope(wanted.scope);
    if (subscriptionId === undefined) {
      throw new WinshiftError(
        'INVALID_INPUT',
        `role assignment scope "${wanted.scope}" is not inside a subscription`,
      );
    }
    const name = roleAssignmentName(wanted.scope, wanted.roleDefinitionId, wanted.principalId);
    const doing = `Authorization: assign ${roleGuidOf(wanted.roleDefinitionId)} to ${wanted.principalId} at ${wanted.scope}`;
    try {
      const created = await this.#clients(subscriptionId).roleAssignments.create(
        wanted.scope,
        name,
        {
          roleDefinitionId: qualifiedRoleDefinitionId(wanted.roleDefinitionId, wanted.scope),
          principalId: wanted.principalId,
          ...(wanted.principalType ? { principalType: wanted.principalType } : {}),
        },
      );
      return toRoleAssignment(created);
    } catch (error) {
      if (statusOf(error) === 409 && serviceCodeOf(error) === 'RoleAssignmentExists') {
        return this.#existing(subscriptionId, wanted, doing);
      }
      throw toWinshiftError(error, doing, AUTHORIZATION);
    }
  }

  /** The identical assignment that made ARM answer RoleAssignmentExists. */
  async #existing(subscriptionId: string, wanted: Wanted, doing: string): Promise<RoleAssignment> {
    const listed = await this.#list(subscriptionId, wanted.scope, wanted.principalId);
    const match = listed.find((a) => sameAssignment(a, wanted));
    if (match === undefined) {
      throw new WinshiftError('TRANSIENT', `${doing}: ARM says it exists but does not list it yet`);
    }
    return match;
  }

  #list(subscriptionId: string, scope: string, principalId: string): Promise<RoleAssignment[]> {
    // The id goes into an OData filter: only a GUID may, so no quote can change the query.
    if (!GUID.test(principalId)) {
      throw new WinshiftError('INVALID_INPUT', `principal id "${principalId}" is not a GUID`);
    }
    return azureCall(
      `Authorization: list role assignments of ${principalId}`,
      async () => {
        const result: RoleAssignment[] = [];
        const items = this.#clients(subscriptionId).roleAssignments.listForScope(scope, {
          filter: `principalId eq '${principalId}'`,
        });
        for await (const item of items) result.push(toRoleAssignment(item));
        return result;
      },
      AUTHORIZATION,
    );
  }
}

export function createAuthorizationAdapter(context: AzureClientContext): AuthorizationPort {
  return new AuthorizationAdapter(context);
}
