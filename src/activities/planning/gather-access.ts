/**
 * Reads winshift's own access to what a run will touch (domain/planner-access.ts decides which and
 * what is missing): each gMSA vault (management plane; its access policies, or for an RBAC vault
 * winshift's permissions there), each user-assigned identity the new scale set gets (winshift's
 * permissions on it) and each Azure Container Registry of the new images (its mode and winshift's
 * permissions). Reads only; a read refused is a fact for the plan, a transient failure is retried.
 */
import type {
  AccessFacts,
  AccessReads,
  IdentityAssignFact,
  RegistryAccessFact,
  VaultAccessFact,
} from '../../domain/access-facts.js';
import type { AccessPort, ContainerRegistryPort } from '../../ports/access.js';
import type { KeyVaultPort } from '../../ports/azure.js';
import { mapLimit } from '../shared/concurrency.js';

export interface AccessDeps {
  readonly access: AccessPort;
  readonly containerRegistries: ContainerRegistryPort;
  readonly keyVault: KeyVaultPort;
}

type Unreadable = (error: unknown) => string;

/** The fact `read` gives, or the unreadable one a refused read gives (transient ones rethrow). */
async function orUnreadable<T>(
  read: () => Promise<T>,
  unreadable: Unreadable,
  refused: (reason: string) => T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    return refused(unreadable(error));
  }
}

function readVault(
  deps: AccessDeps,
  vaultName: string,
  unreadable: Unreadable,
): Promise<VaultAccessFact> {
  return orUnreadable(
    async (): Promise<VaultAccessFact> => {
      const vault = await deps.keyVault.findVault(vaultName);
      if (vault === undefined) return { vaultName, status: 'notFound' };
      // An access-policy vault ignores RBAC: its policies are all there is to read.
      if (!vault.enableRbacAuthorization) return { vaultName, status: 'found', vault };
      const permissions = await deps.access.permissionsAt(vault.resourceId);
      return { vaultName, status: 'found', vault, permissions };
    },
    unreadable,
    (reason) => ({ vaultName, status: 'unreadable', reason }),
  );
}

function readIdentity(
  deps: AccessDeps,
  resourceId: string,
  unreadable: Unreadable,
): Promise<IdentityAssignFact> {
  return orUnreadable(
    async (): Promise<IdentityAssignFact> => ({
      resourceId,
      status: 'read',
      permissions: await deps.access.permissionsAt(resourceId),
    }),
    unreadable,
    (reason) => ({ resourceId, status: 'unreadable', reason }),
  );
}

function readRegistry(
  deps: AccessDeps,
  host: string,
  unreadable: Unreadable,
): Promise<RegistryAccessFact> {
  return orUnreadable(
    async (): Promise<RegistryAccessFact> => {
      const registry = await deps.containerRegistries.findRegistry(host);
      if (registry === undefined) return { host, status: 'notFound' };
      const permissions = await deps.access.permissionsAt(registry.resourceId);
      return { host, status: 'found', registry, permissions };
    },
    unreadable,
    (reason) => ({ host, status: 'unreadable', reason }),
  );
}

/** The facts for `reads`, `concurrency` reads at a time. */
export async function readAccess(
  deps: AccessDeps,
  reads: AccessReads,
  unreadable: Unreadable,
  concurrency: number,
): Promise<AccessFacts> {
  const [vaults, identities, registries] = await Promise.all([
    mapLimit(reads.vaultNames, concurrency, (n) => readVault(deps, n, unreadable)),
    mapLimit(reads.identityIds, concurrency, (id) => readIdentity(deps, id, unreadable)),
    mapLimit(reads.registryHosts, concurrency, (h) => readRegistry(deps, h, unreadable)),
  ]);
  const needsPrincipal = vaults.length + identities.length + registries.length > 0;
  const principalId = needsPrincipal ? await deps.access.ownPrincipalId() : undefined;
  return { ...(principalId !== undefined ? { principalId } : {}), vaults, identities, registries };
}
