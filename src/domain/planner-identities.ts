/**
 * Identities that must follow the workloads (DESIGN section 1): user-assigned identities on the old
 * pool's VMSS (minus those AKS assigns to every pool), and for a system-assigned one (which cannot
 * move: the new VMSS gets its own principal) the role assignments and Key Vault access policies to
 * grant the new principal. Plus the gMSA credential specs the moved workloads use, each an identity
 * and a secret to check before the move.
 */
import type { Blocker, GmsaCheck, PlannedIdentity } from './plan.js';
import type { IdentityLookupFact, ReadFacts, SourceVmssFacts } from './planner-facts.js';
import type { WorkloadInfo } from './kube-objects.js';
import { workloadKey } from './workload-ref.js';
import { isSubscriptionScope } from './planner-inherited-roles.js';

const lower = (s: string): string => s.toLowerCase();
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function systemAssigned(facts: SourceVmssFacts, principalId: string): PlannedIdentity {
  const roleAssignments = facts.roleAssignments
    // Assignments above the subscriptions (management groups) are warned about, not copied.
    .filter((a) => lower(a.principalId) === lower(principalId) && isSubscriptionScope(a.scope))
    .map((a) => ({ scope: a.scope, roleDefinitionId: a.roleDefinitionId }))
    .sort((a, b) => byText(a.scope, b.scope) || byText(a.roleDefinitionId, b.roleDefinitionId));
  const keyVaultAccessPolicies = facts.vaults
    .map((vault) => {
      const own = vault.accessPolicies.filter((p) => lower(p.objectId) === lower(principalId));
      const permissions = new Set(own.flatMap((p) => p.secretPermissions.map(lower)));
      return { vaultId: vault.resourceId, secretPermissions: [...permissions].sort() };
    })
    .filter((p) => p.secretPermissions.length > 0)
    .sort((a, b) => byText(a.vaultId, b.vaultId));
  return { kind: 'systemAssigned', principalId, roleAssignments, keyVaultAccessPolicies };
}

export interface IdentityPlan {
  readonly identities: readonly PlannedIdentity[];
  readonly blockers: readonly Blocker[];
}

export function planIdentities(facts: ReadFacts): IdentityPlan {
  const pool = facts.poolName;
  if (facts.vmss === undefined) {
    const message = `no VMSS tagged aks-managed-poolName=${pool} in ${facts.cluster.nodeResourceGroup}: identities assigned to the pool cannot be found`;
    return {
      identities: [],
      blockers: [{ code: 'IDENTITY_UNVERIFIABLE', message, subject: `pool ${pool}` }],
    };
  }
  const { vmss } = facts.vmss;
  // AKS puts the kubelet and add-on identities on every pool itself: nothing to copy (and nothing
  // for a ReadOnly node resource group to forbid).
  const byAks = new Set((facts.cluster.aksAssignedIdentityIds ?? []).map(lower));
  const userAssigned = [...new Set(vmss.userAssignedIdentityIds)]
    .filter((id) => !byAks.has(lower(id)))
    .sort((a, b) => byText(lower(a), lower(b)))
    .map((resourceId): PlannedIdentity => ({ kind: 'userAssigned', resourceId }));
  const principal = vmss.systemAssignedPrincipalId;
  const identities =
    principal === undefined
      ? userAssigned
      : [...userAssigned, systemAssigned(facts.vmss, principal)];
  const blockers: Blocker[] = [];
  if (identities.length > 0 && facts.cluster.restrictionLevel === 'ReadOnly') {
    blockers.push({
      code: 'RESTRICTED_NODE_RESOURCE_GROUP',
      subject: `node resource group ${facts.cluster.nodeResourceGroup}`,
      message: `restrictionLevel ReadOnly forbids the VMSS identity PATCH that gives the new pool the ${identities.length} identit${identities.length === 1 ? 'y' : 'ies'} of ${pool}`,
    });
  }
  return { identities, blockers };
}

/** `ObjectId=<id>;SecretUri=<uri>` (keys case-insensitive, order free). */
export function parsePluginInput(
  text: string | undefined,
): { readonly objectId: string; readonly secretUri: string } | undefined {
  const fields = new Map<string, string>();
  for (const part of (text ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(lower(part.slice(0, at).trim()), part.slice(at + 1).trim());
  }
  const objectId = fields.get('objectid');
  const secretUri = fields.get('secreturi');
  return objectId && secretUri ? { objectId, secretUri } : undefined;
}

/**
 * Why a credential spec's identity would not be on the new pool's nodes, if it would not. Only the
 * old VMSS's user-assigned identities reach the new one (copied by winshift, or, for the kubelet and
 * add-on identities, assigned by AKS); a system-assigned principal stays with the old VMSS, and
 * anything else was never on the nodes as far as winshift can see, so the move cannot be shown to
 * keep the gMSA working.
 */
function identityProblem(
  objectId: string,
  vmss: SourceVmssFacts | undefined,
  identities: readonly PlannedIdentity[],
): Pick<Blocker, 'code' | 'message'> | undefined {
  const stays = identities.some(
    (i) => i.kind === 'systemAssigned' && lower(i.principalId) === lower(objectId),
  );
  if (stays) {
    return {
      code: 'GMSA_SECRET_UNREACHABLE',
      message: `its ObjectId is the old pool's system-assigned identity, which stays with the old VMSS: use a user-assigned identity`,
    };
  }
  if (vmss === undefined) {
    const message = `identity ${objectId}: the pool's VMSS was not found, so winshift cannot tell whether it will be on the new pool`;
    return { code: 'IDENTITY_UNVERIFIABLE', message };
  }
  const message = notOnVmss(objectId, vmss.userAssignedIdentities);
  return message === undefined ? undefined : { code: 'IDENTITY_UNVERIFIABLE', message };
}

/** Why `objectId` is not a principal of the VMSS's (readable) user-assigned identities, if it is not. */
function notOnVmss(objectId: string, lookups: readonly IdentityLookupFact[]): string | undefined {
  const id = lower(objectId);
  const found = lookups.flatMap((l) => (l.status === 'found' ? [l] : []));
  if (found.some((l) => lower(l.principalId) === id)) return undefined;
  const byClient = found.find((l) => lower(l.clientId) === id);
  if (byClient !== undefined)
    return `ObjectId ${objectId} is the client id of ${byClient.resourceId}; the PluginInput needs its object (principal) id ${byClient.principalId}`;
  const unreadable = lookups.flatMap((l) =>
    l.status === 'unreadable' ? [`${l.resourceId} (${l.reason})`] : [],
  );
  if (unreadable.length > 0)
    return `identity ${objectId} is not among the readable user-assigned identities of the old pool's VMSS; these could not be read: ${unreadable.join(', ')}`;
  return `identity ${objectId} is not assigned to the old pool's VMSS: winshift copies only the VMSS's identities, so the new nodes would not have it`;
}

export interface GmsaPlan {
  readonly checks: readonly GmsaCheck[];
  readonly blockers: readonly Blocker[];
}

/** The gMSA checks of the credential specs moved workloads name, sorted by spec. */
export function planGmsa(
  workloads: readonly WorkloadInfo[],
  facts: ReadFacts,
  identities: readonly PlannedIdentity[],
): GmsaPlan {
  const users = new Map<string, string[]>();
  for (const w of workloads) {
    for (const spec of w.gmsaCredentialSpecNames)
      users.set(spec, [...(users.get(spec) ?? []), workloadKey(w)]);
  }
  const checks: GmsaCheck[] = [];
  const blockers: Blocker[] = [];
  for (const [name, usedBy] of [...users].sort(([a], [b]) => byText(a, b))) {
    const subject = `GMSACredentialSpec ${name}`;
    const spec = facts.gmsaCredentialSpecs.find((s) => s.name === name);
    const plugin = parsePluginInput(spec?.pluginInput);
    const why =
      spec === undefined
        ? 'does not exist in the cluster'
        : plugin === undefined
          ? 'has no PluginInput of the form ObjectId=...;SecretUri=...'
          : undefined;
    if (why !== undefined || plugin === undefined) {
      const message = `used by ${usedBy.join(', ')}: ${why ?? ''}`;
      blockers.push({ code: 'GMSA_SECRET_UNREACHABLE', message, subject });
      continue;
    }
    const problem = identityProblem(plugin.objectId, facts.vmss, identities);
    if (problem !== undefined) blockers.push({ ...problem, subject });
    checks.push({
      credentialSpec: name,
      identityObjectId: plugin.objectId,
      secretUri: plugin.secretUri,
      usedBy: [...usedBy].sort(),
    });
  }
  return { checks, blockers };
}
