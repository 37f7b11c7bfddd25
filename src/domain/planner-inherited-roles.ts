/**
 * Role assignments a system-assigned VMSS identity holds at a scope outside any subscription: a
 * management group (`/providers/Microsoft.Management/managementGroups/{id}`) or the root (`/`).
 * ARM lists them with the principal's own assignments (RoleAssignments_ListForScope "at, above and
 * below the scope" for `principalId eq`), so the plan sees them; winshift cannot copy them, since
 * its role is assignable in the target subscriptions only (infra/main.bicep `assignableScopes`) and
 * an assignment at a management group needs rights there. The plan does not list them to copy
 * (the copy would fail halfway through the run) and warns instead, saying what to grant.
 */
import type { PlanWarning } from './plan.js';
import type { SourceVmssFacts } from './planner-facts.js';

const lower = (s: string): string => s.toLowerCase();

/** Whether an assignment's scope lies inside a subscription (what winshift can copy). */
export function isSubscriptionScope(scope: string): boolean {
  return /^\/subscriptions\/[^/]+(\/|$)/i.test(scope);
}

function scopeName(scope: string): string {
  const group = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)/i.exec(scope)?.[1];
  return group !== undefined ? `management group ${group}` : `scope ${scope}`;
}

/** One warning per assignment of the system-assigned principal that winshift does not copy. */
export function inheritedRoleWarnings(vmss: SourceVmssFacts | undefined): PlanWarning[] {
  const principal = vmss?.vmss.systemAssignedPrincipalId;
  if (vmss === undefined || principal === undefined) return [];
  return vmss.roleAssignments
    .filter((a) => lower(a.principalId) === lower(principal) && !isSubscriptionScope(a.scope))
    .map((a) => ({
      code: 'ROLE_ASSIGNMENT_NOT_COPIED' as const,
      subject: scopeName(a.scope),
      message: `the old pool's system-assigned identity ${principal} holds role ${a.roleDefinitionId} at ${a.scope}, outside the subscriptions winshift manages, so winshift does not copy it: once the new pool exists, assign role ${a.roleDefinitionId} at ${a.scope} to the new pool's system-assigned identity (its principal id is in the new scale set's identity), or its workloads lose that access when the old pool is deleted`,
    }));
}
