/**
 * winshift's own access, checked at plan time (issue 13 item 7): each resource a run will touch is
 * read now, and a missing grant is a blocker naming the exact grant, instead of a failure halfway
 * through the run (verifyGmsaAccess after the pool was built, the VMSS PATCH, an image lookup).
 *
 * - gMSA vaults: an access-policy vault (`enableRbacAuthorization` false or absent) ignores Azure
 *   RBAC data actions (docs "Azure Key Vault access policy" / "Provide access with Azure RBAC"), so
 *   winshift's own object id needs a policy with secret `list` (it reads the secret's versions, the
 *   properties only: Get Secret Versions "requires the secrets/list permission"; it never gets a
 *   value, so `get` is not asked for). An RBAC vault needs the data action `secrets/readMetadata`.
 * - user-assigned identities: ARM checks `userAssignedIdentities/assign/action` on each identity a
 *   VMSS PATCH assigns (docs "Managed Identity Operator"), wherever the identity lives.
 * - Azure Container Registries: in `AbacRepositoryPermissions` mode AcrPull, AcrPush, Owner,
 *   Contributor and Reader grant no pulls (docs "Microsoft Entra attribute-based access control
 *   (ABAC) for repository permissions", Effect on existing role assignments): the data action of
 *   Container Registry Repository Reader is needed; in the legacy mode, AcrPull's `pull/read`.
 */
import type {
  AccessFacts,
  AccessReads,
  RegistryAccessFact,
  VaultAccessFact,
} from './access-facts.js';
import type { VaultAccess } from './azure-facts.js';
import { BUILT_IN_ROLES, OPERATIONS, permits, type PermissionSet } from './azure-permissions.js';
import { parseImageRef } from './image-ref.js';
import type { WorkloadInfo } from './kube-objects.js';
import type { Blocker, PlannedIdentity } from './plan.js';
import type { ReadFacts } from './planner-facts.js';
import { parsePluginInput } from './planner-identities.js';

const CODE = 'WINSHIFT_ACCESS_MISSING';
const lower = (s: string): string => s.toLowerCase();
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The vault a Key Vault secret URI points at (`https://<vault>.vault.<cloud suffix>/secrets/...`). */
export function vaultNameOf(secretUri: string): string | undefined {
  return /^https:\/\/([a-z0-9-]+)\.vault\.[^/]+\//i.exec(secretUri)?.[1]?.toLowerCase();
}

/** What to read for these workloads, identities and images (`AccessFacts`). */
export function accessReadsFor(
  workloads: readonly WorkloadInfo[],
  facts: ReadFacts,
  identities: readonly PlannedIdentity[],
  images: readonly string[],
): AccessReads {
  const specs = new Set(workloads.flatMap((w) => w.gmsaCredentialSpecNames));
  const vaultNames = facts.gmsaCredentialSpecs
    .filter((spec) => specs.has(spec.name))
    .flatMap((spec) => {
      const uri = parsePluginInput(spec.pluginInput)?.secretUri;
      const name = uri === undefined ? undefined : vaultNameOf(uri);
      return name === undefined ? [] : [name];
    });
  const registryHosts = images.flatMap((image) => {
    const parsed = parseImageRef(image);
    return parsed.ok && parsed.ref.registry !== undefined ? [lower(parsed.ref.registry)] : [];
  });
  return {
    vaultNames: sorted(vaultNames),
    identityIds: sorted(
      identities.flatMap((i) => (i.kind === 'userAssigned' ? [i.resourceId] : [])),
    ),
    registryHosts: sorted(registryHosts),
  };
}

function blocker(subject: string, message: string): Blocker {
  return { code: CODE, subject, message };
}

function who(access: AccessFacts): string {
  return access.principalId ?? "winshift's identity";
}

function accessPolicyBlocker(access: AccessFacts, vault: VaultAccess): Blocker | undefined {
  const subject = `Key Vault ${vault.name}`;
  const why = `vault ${vault.name} uses access policies, which ignore Azure RBAC data actions`;
  if (access.principalId === undefined) {
    return blocker(
      subject,
      `${why}, and winshift does not know its own principal id to look for its policy: set WINSHIFT_PRINCIPAL_ID to the object id of winshift's managed identity`,
    );
  }
  const own = vault.accessPolicies.filter(
    (p) => lower(p.objectId) === lower(access.principalId ?? ''),
  );
  const lists = own.some((p) =>
    p.secretPermissions.some((s) => ['list', 'all'].includes(lower(s))),
  );
  if (lists) return undefined;
  return blocker(
    subject,
    `grant access policy: secrets list to ${access.principalId} on vault ${vault.name} (${why}; winshift checks that the gMSA secret exists from its versions' properties and never reads its value)`,
  );
}

function rbacVaultBlocker(
  access: AccessFacts,
  vault: VaultAccess,
  permissions: readonly PermissionSet[],
): Blocker | undefined {
  if (permits(permissions, OPERATIONS.secretMetadata, 'dataAction')) return undefined;
  const role = BUILT_IN_ROLES.keyVaultReader.name;
  return blocker(
    `Key Vault ${vault.name}`,
    `grant role ${role} to ${who(access)} at ${vault.resourceId} (the data action ${OPERATIONS.secretMetadata}, with which winshift checks that the gMSA secret exists; ${BUILT_IN_ROLES.keyVaultSecretsUser.name} grants it too)`,
  );
}

function vaultBlocker(access: AccessFacts, fact: VaultAccessFact): Blocker | undefined {
  const subject = `Key Vault ${fact.vaultName}`;
  if (fact.status === 'notFound') {
    return blocker(
      subject,
      `no vault ${fact.vaultName} in winshift's subscriptions: add its subscription to WINSHIFT_SUBSCRIPTIONS (and winshift's operator role there), or winshift cannot find the vault to check the gMSA secret`,
    );
  }
  if (fact.status === 'unreadable')
    return blocker(subject, `winshift cannot read vault ${fact.vaultName}: ${fact.reason}`);
  return fact.vault.enableRbacAuthorization
    ? rbacVaultBlocker(access, fact.vault, fact.permissions ?? [])
    : accessPolicyBlocker(access, fact.vault);
}

function identityBlocker(
  access: AccessFacts,
  fact: AccessFacts['identities'][number],
): Blocker | undefined {
  if (fact.status === 'read' && permits(fact.permissions, OPERATIONS.identityAssign, 'action'))
    return undefined;
  const why =
    fact.status === 'unreadable'
      ? `winshift cannot read its permissions there (${fact.reason})`
      : `ARM checks ${OPERATIONS.identityAssign} on the identity when the new pool's scale set is given it`;
  return blocker(
    `identity ${fact.resourceId}`,
    `grant role ${BUILT_IN_ROLES.managedIdentityOperator.name} to ${who(access)} at ${fact.resourceId} (${why})`,
  );
}

function registryBlocker(access: AccessFacts, fact: RegistryAccessFact): Blocker | undefined {
  const subject = `registry ${fact.host}`;
  if (fact.status === 'notFound') return undefined;
  if (fact.status === 'unreadable')
    return blocker(
      subject,
      `winshift cannot read the registry resource of ${fact.host}: ${fact.reason}`,
    );
  const { registry, permissions } = fact;
  if (registry.roleAssignmentMode === 'AbacRepositoryPermissions') {
    if (permits(permissions, OPERATIONS.repositoryContentRead, 'dataAction')) return undefined;
    return blocker(
      subject,
      `grant role ${BUILT_IN_ROLES.containerRegistryRepositoryReader.name} to ${who(access)} at ${registry.resourceId} (its roleAssignmentMode is AbacRepositoryPermissions: AcrPull, Owner and Contributor grant no pulls there; the data action ${OPERATIONS.repositoryContentRead} does)`,
    );
  }
  if (permits(permissions, OPERATIONS.registryPull, 'action')) return undefined;
  return blocker(
    subject,
    `grant role ${BUILT_IN_ROLES.acrPull.name} to ${who(access)} at ${registry.resourceId} (the Entra token exchange needs ${OPERATIONS.registryPull} to check the new images)`,
  );
}

/** The blockers of winshift's own access; none when the access was not read. */
export function accessBlockers(access: AccessFacts | undefined): Blocker[] {
  if (access === undefined) return [];
  const found = [
    ...access.vaults.map((v) => vaultBlocker(access, v)),
    ...access.identities.map((i) => identityBlocker(access, i)),
    ...access.registries.map((r) => registryBlocker(access, r)),
  ];
  return found.filter((b): b is Blocker => b !== undefined);
}
