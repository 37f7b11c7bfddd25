/**
 * What the plan needs to check winshift's OWN access (domain/planner-access.ts): its permissions at
 * a scope, its own principal id, and the Azure Container Registry behind a registry host. Adapters
 * over ARM implement these (src/adapters/azure); activity tests use typed fakes. Failures throw
 * `WinshiftError` with a code (403 -> FORBIDDEN, 429/5xx -> TRANSIENT).
 */
import type { RegistryResource } from '../domain/access-facts.js';
import type { PermissionSet } from '../domain/azure-permissions.js';

export type { PermissionSet, RegistryResource };

export interface AccessPort {
  /**
   * The caller's (winshift's) permissions at an ARM resource scope: `GET {scope}/providers/
   * Microsoft.Authorization/permissions`, one entry per role assigned at or above it. Any
   * subscription: a shared identity may live outside WINSHIFT_SUBSCRIPTIONS.
   */
  permissionsAt(scope: string): Promise<readonly PermissionSet[]>;
  /** winshift's own principal (object) id, or undefined when it cannot be told. */
  ownPrincipalId(): Promise<string | undefined>;
}

export interface ContainerRegistryPort {
  /**
   * The Azure Container Registry whose login server is `host`, looked for in winshift's
   * subscriptions; undefined for other registries (MCR, Docker Hub) and ACRs elsewhere.
   */
  findRegistry(host: string): Promise<RegistryResource | undefined>;
}
