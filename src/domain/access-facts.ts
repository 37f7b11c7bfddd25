/**
 * What the plan reads about winshift's OWN access to the resources a run will touch (issue 13 item
 * 7), so that a missing grant stops the plan with the grant to make instead of failing the run
 * midway: the Key Vaults of the moved workloads' gMSA secrets, the user-assigned identities the new
 * pool's scale set gets, and the Azure Container Registries the new images come from.
 */
import type { VaultAccess } from './azure-facts.js';
import type { PermissionSet } from './azure-permissions.js';

/** A read that could not be made (refused, gone): the reason, `[CODE] message`. */
interface Unreadable {
  readonly status: 'unreadable';
  readonly reason: string;
}

export type VaultAccessFact = { readonly vaultName: string } & (
  | {
      readonly status: 'found';
      readonly vault: VaultAccess;
      /** winshift's permissions at the vault (read for RBAC vaults only). */
      readonly permissions?: readonly PermissionSet[];
    }
  /** No vault of that name in winshift's subscriptions (WINSHIFT_SUBSCRIPTIONS). */
  | { readonly status: 'notFound' }
  | Unreadable
);

export type IdentityAssignFact = { readonly resourceId: string } & (
  { readonly status: 'read'; readonly permissions: readonly PermissionSet[] } | Unreadable
);

/** `properties.roleAssignmentMode` of a registry (containerregistry 2025-11-01, RoleAssignmentMode). */
export type RoleAssignmentMode = 'AbacRepositoryPermissions' | 'LegacyRegistryPermissions';

/** An Azure Container Registry as ARM describes it (Registries_List / Registries_Get). */
export interface RegistryResource {
  readonly resourceId: string;
  readonly loginServer: string;
  /** Absent in older api-versions and on registries created before the mode existed: legacy. */
  readonly roleAssignmentMode: RoleAssignmentMode;
  /**
   * `properties.policies.azureADAuthenticationAsArmPolicy.status` (default `enabled`): `disabled`
   * means the registry accepts only ACR-audience Entra tokens.
   */
  readonly armAudienceTokens: 'enabled' | 'disabled';
}

export type RegistryAccessFact = { readonly host: string } & (
  | {
      readonly status: 'found';
      readonly registry: RegistryResource;
      readonly permissions: readonly PermissionSet[];
    }
  /** Not an ACR in winshift's subscriptions: nothing to check beyond the image lookup itself. */
  | { readonly status: 'notFound' }
  | Unreadable
);

export interface AccessFacts {
  /**
   * winshift's own principal (object) id: WINSHIFT_PRINCIPAL_ID, else the `oid` of its ARM token.
   * undefined when neither tells it.
   */
  readonly principalId?: string;
  readonly vaults: readonly VaultAccessFact[];
  readonly identities: readonly IdentityAssignFact[];
  readonly registries: readonly RegistryAccessFact[];
}

/** What the activity reads for these facts (the planner decides which, see `accessReadsFor`). */
export interface AccessReads {
  /** Vault names of the moved workloads' gMSA secret URIs. */
  readonly vaultNames: readonly string[];
  /** User-assigned identities the plan assigns to the new pool's scale set. */
  readonly identityIds: readonly string[];
  /** Registry hosts of the images the plan looks up. */
  readonly registryHosts: readonly string[];
}
