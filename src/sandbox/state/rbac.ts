/**
 * Azure RBAC as the sandbox evaluates it: which role assignments apply at a scope (at the scope or
 * above it, management groups included), and the permissions they give a principal there (the
 * permissions API, Permissions_ListForResource: "all permissions the caller has for a resource",
 * one entry per role). Management groups (docs "What are Azure management groups?"): an assignment
 * at a group applies to its subscriptions and to those of its descendant groups; an assignment at
 * `/` (the root) applies everywhere.
 */
import { roleDefinitionGuid } from './ids.js';
import type { RoleAssignmentState } from './model.js';
import { BUILT_IN_ROLE_DEFINITIONS, type RolePermissions } from './role-definitions.js';
import { scopeContains } from './role-assignments.js';
import type { World } from './world.js';

const GROUP_SCOPE = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/?$/i;

function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase();
}

/** Whether `group` is the subscription's group or one of that group's ancestors. */
function groupHolds(world: World, group: string, subscriptionId: string): boolean {
  const seen = new Set<string>();
  for (const [name, state] of world.managementGroups) {
    if (!state.subscriptions.has(subscriptionId)) continue;
    for (let at: string | undefined = name; at !== undefined && !seen.has(at);) {
      if (at === group) return true;
      seen.add(at);
      at = world.managementGroups.get(at)?.parent;
    }
  }
  return false;
}

/** Whether an assignment at `assignmentScope` applies at `scope` (at it or above it). */
export function appliesAt(world: World, assignmentScope: string, scope: string): boolean {
  if (scopeContains(assignmentScope, scope)) return true;
  const group = GROUP_SCOPE.exec(assignmentScope)?.[1]?.toLowerCase();
  const subscription = subscriptionOf(scope);
  return (
    group !== undefined && subscription !== undefined && groupHolds(world, group, subscription)
  );
}

/** The principal's role assignments that apply at `scope`. */
export function assignmentsAt(
  world: World,
  principalId: string,
  scope: string,
): RoleAssignmentState[] {
  const principal = principalId.toLowerCase();
  return [...world.roleAssignments.values()].filter(
    (a) => a.principalId.toLowerCase() === principal && appliesAt(world, a.scope, scope),
  );
}

/** The permissions API's answer for the principal at `scope`: one entry per known role. */
export function permissionsAt(world: World, principalId: string, scope: string): RolePermissions[] {
  return assignmentsAt(world, principalId, scope).flatMap((assignment) => {
    const role = BUILT_IN_ROLE_DEFINITIONS[roleDefinitionGuid(assignment.roleDefinitionId)];
    return role === undefined ? [] : [role];
  });
}
