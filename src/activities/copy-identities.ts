/**
 * copyIdentities (DESIGN step 2): the identities the plan lists follow the workloads to the new pool's
 * VMSS. User-assigned ones are added to it; a system-assigned one cannot move (the new VMSS gets its
 * own principal), so the new principal receives the planned role assignments and Key Vault access
 * policies. Each write happens only when missing, so a repeat writes nothing.
 */
import { WinshiftError } from '../domain/errors.js';
import type { Plan, PlannedIdentity } from '../domain/plan.js';
import type { PoolVmss } from '../ports/azure.js';
import type { CopyIdentitiesOutput, PlanRef } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan, subscriptionOf } from './shared/plan-ref.js';

export type CopyIdentitiesDeps = Pick<
  ActivityDeps,
  'compute' | 'authorization' | 'keyVault' | 'store' | 'log'
>;

type SystemAssigned = Extract<PlannedIdentity, { kind: 'systemAssigned' }>;

const lower = (s: string): string => s.toLowerCase();

async function findNewVmss(deps: CopyIdentitiesDeps, plan: Plan): Promise<PoolVmss> {
  const vmss = await deps.compute.findPoolVmss(
    subscriptionOf(plan.cluster.resourceId),
    plan.cluster.nodeResourceGroup,
    plan.target.poolName,
  );
  if (vmss === undefined) {
    throw new WinshiftError(
      'NOT_FOUND',
      `no VMSS tagged aks-managed-poolName=${plan.target.poolName} in ${plan.cluster.nodeResourceGroup}`,
    );
  }
  return vmss;
}

async function copyUserAssigned(
  deps: CopyIdentitiesDeps,
  vmss: PoolVmss,
  planned: readonly string[],
): Promise<number> {
  const present = new Set(vmss.userAssignedIdentityIds.map(lower));
  const missing = planned.filter((id) => !present.has(lower(id)));
  if (missing.length > 0) await deps.compute.addUserAssignedIdentities(vmss.resourceId, missing);
  return missing.length;
}

async function copyRoleAssignments(
  deps: CopyIdentitiesDeps,
  subscriptionId: string,
  principalId: string,
  identity: SystemAssigned,
): Promise<number> {
  const existing = await deps.authorization.listForPrincipal(subscriptionId, principalId);
  const has = (scope: string, role: string): boolean =>
    existing.some(
      (a) => lower(a.scope) === lower(scope) && lower(a.roleDefinitionId) === lower(role),
    );
  let copied = 0;
  for (const { scope, roleDefinitionId } of identity.roleAssignments) {
    if (has(scope, roleDefinitionId)) continue;
    await deps.authorization.ensureAssignment({
      scope,
      roleDefinitionId,
      principalId,
      principalType: 'ServicePrincipal',
    });
    copied++;
  }
  return copied;
}

async function copyAccessPolicies(
  deps: CopyIdentitiesDeps,
  principalId: string,
  identity: SystemAssigned,
): Promise<number> {
  let copied = 0;
  for (const { vaultId, secretPermissions } of identity.keyVaultAccessPolicies) {
    const vaultName = vaultId.split('/').pop() ?? vaultId;
    const vault = await deps.keyVault.findVault(vaultName);
    if (vault === undefined)
      throw new WinshiftError('NOT_FOUND', `Key Vault ${vaultName} of a planned access policy`);
    const granted = new Set(
      vault.accessPolicies
        .filter((p) => lower(p.objectId) === lower(principalId))
        .flatMap((p) => p.secretPermissions.map(lower)),
    );
    if (secretPermissions.every((p) => granted.has(lower(p)))) continue;
    await deps.keyVault.addSecretPermissions(vault.resourceId, principalId, secretPermissions);
    copied++;
  }
  return copied;
}

export async function copyIdentities(
  deps: CopyIdentitiesDeps,
  input: PlanRef,
): Promise<CopyIdentitiesOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const subscriptionId = subscriptionOf(plan.cluster.resourceId);
  const userAssigned = plan.identities.flatMap((i) =>
    i.kind === 'userAssigned' ? [i.resourceId] : [],
  );
  const systemAssigned = plan.identities.filter(
    (i): i is SystemAssigned => i.kind === 'systemAssigned',
  );
  if (userAssigned.length === 0 && systemAssigned.length === 0)
    return { userAssignedAdded: 0, roleAssignmentsCopied: 0, accessPoliciesCopied: 0 };
  const vmss = await findNewVmss(deps, plan);
  const userAssignedAdded = await copyUserAssigned(deps, vmss, userAssigned);
  let roleAssignmentsCopied = 0;
  let accessPoliciesCopied = 0;
  if (systemAssigned.length > 0) {
    const principalId =
      vmss.systemAssignedPrincipalId ??
      (await deps.compute.enableSystemAssignedIdentity(vmss.resourceId));
    for (const identity of systemAssigned) {
      roleAssignmentsCopied += await copyRoleAssignments(
        deps,
        subscriptionId,
        principalId,
        identity,
      );
      accessPoliciesCopied += await copyAccessPolicies(deps, principalId, identity);
    }
  }
  deps.log.info('identities copied to the new pool', {
    step: 'copyIdentities',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.target.poolName,
    count: userAssignedAdded + roleAssignmentsCopied + accessPoliciesCopied,
  });
  return { userAssignedAdded, roleAssignmentsCopied, accessPoliciesCopied };
}
