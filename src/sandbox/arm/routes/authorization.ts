import { idKey, roleDefinitionIdOf } from '../../state/ids.js';
import type { RoleAssignmentState } from '../../state/model.js';
import type { RoleAssignmentSpec } from '../../state/scenario.js';
import { createRoleAssignment, scopeContains } from '../../state/role-assignments.js';
import { appliesAt, permissionsAt } from '../../state/rbac.js';
import { principalOfToken } from '../../keyvault/access.js';
import { armError, bodyProperties, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { roleAssignmentBody } from '../shapes.js';

const ASSIGNMENTS = '/{scope}/providers/Microsoft.Authorization/roleAssignments';

interface AssignmentFilter {
  atScope: boolean;
  principalId?: string | undefined;
  assignedTo?: string | undefined;
}

/** ARM's role assignment `$filter`: `atScope()`, `principalId eq '...'`, `assignedTo('...')`, joined by `and`. */
export function parseAssignmentFilter(filter: string | null): AssignmentFilter | string {
  const result: AssignmentFilter = { atScope: false };
  if (!filter) return result;
  for (const clause of filter.split(/\s+and\s+/i).map((part) => part.trim())) {
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(clause);
    const assigned = /^assignedTo\('([^']+)'\)$/i.exec(clause);
    if (/^atScope\(\)$/i.test(clause)) result.atScope = true;
    else if (principal) result.principalId = principal[1];
    else if (assigned) result.assignedTo = assigned[1];
    else return clause;
  }
  return result;
}

function normaliseScope(scope: string): string {
  return `/${scope.replace(/^\/+|\/+$/g, '')}`;
}

function listForScope(context: RouteContext): SandboxResponse {
  const scope = normaliseScope(context.params['scope'] ?? '');
  const filter = parseAssignmentFilter(context.request.url.searchParams.get('$filter'));
  if (typeof filter === 'string') {
    return armError(
      400,
      'UnsupportedQuery',
      `The filter '${filter}' is not supported. Supported filters: atScope(), principalId eq '{value}', assignedTo('{value}').`,
    );
  }
  const principal = (filter.principalId ?? filter.assignedTo)?.toLowerCase();
  const matches = [...context.emulator.world.roleAssignments.values()].filter((assignment) => {
    // Inherited ones too: at a management group above the scope's subscription (listForScope with
    // principalId returns assignments "at, above and below the scope").
    const above = appliesAt(context.emulator.world, assignment.scope, scope);
    const below = scopeContains(scope, assignment.scope);
    if (!(above || (!filter.atScope && below))) return false;
    return principal === undefined || assignment.principalId.toLowerCase() === principal;
  });
  return json(200, { value: matches.map(roleAssignmentBody) });
}

function assignmentAt(context: RouteContext): { id: string; scope: string; name: string } {
  const scope = normaliseScope(context.params['scope'] ?? '');
  const name = context.params['roleAssignmentName'] ?? '';
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    scope,
    name,
  };
}

function notFound(): SandboxResponse {
  return armError(404, 'RoleAssignmentNotFound', 'The role assignment does not exist.');
}

function principalTypeOf(value: unknown): RoleAssignmentSpec['principalType'] {
  return value === 'User' || value === 'Group' || value === 'ServicePrincipal' ? value : undefined;
}

function createAssignment(context: RouteContext): SandboxResponse {
  const { id, scope, name } = assignmentAt(context);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)) {
    return armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const properties = bodyProperties(context.request);
  const roleDefinitionId = properties['roleDefinitionId'];
  const principalId = properties['principalId'];
  if (typeof roleDefinitionId !== 'string' || typeof principalId !== 'string') {
    return armError(
      400,
      'InvalidRoleAssignmentRequest',
      'roleDefinitionId and principalId are required.',
    );
  }
  const world = context.emulator.world;
  const wanted = createRoleAssignment({
    scope,
    name,
    roleDefinitionId,
    principalId,
    principalType: principalTypeOf(properties['principalType']),
  });
  const existing = world.roleAssignments.get(idKey(id));
  const same = (other: RoleAssignmentState): boolean =>
    idKey(other.roleDefinitionId) === idKey(wanted.roleDefinitionId) &&
    other.principalId.toLowerCase() === principalId.toLowerCase();
  if (existing) {
    return same(existing)
      ? json(200, roleAssignmentBody(existing))
      : armError(
          400,
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
        );
  }
  const duplicate = [...world.roleAssignments.values()].find(
    (other) => idKey(other.scope) === idKey(scope) && same(other),
  );
  if (duplicate)
    return armError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  const created = {
    ...wanted,
    roleDefinitionId: roleDefinitionIdOf(roleDefinitionId),
    createdOn: new Date().toISOString(),
  };
  world.roleAssignments.set(idKey(created.id), created);
  return json(201, roleAssignmentBody(created));
}

/**
 * Permissions_ListForResourceGroup / Permissions_ListForResource (azure-rest-api-specs
 * authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json, PermissionGetResult):
 * "Gets all permissions the caller has", one entry per role assigned to the caller (the principal
 * of its bearer token) at or above the scope. A caller without roles there gets an empty list.
 */
function listPermissions(context: RouteContext): SandboxResponse {
  const scope = normaliseScope(
    context.request.url.pathname.replace(
      /\/providers\/Microsoft\.Authorization\/permissions\/?$/i,
      '',
    ),
  );
  const principal = principalOfToken(context.request.headers.authorization);
  const value =
    principal === undefined ? [] : permissionsAt(context.emulator.world, principal, scope);
  return json(200, { value });
}

export const authorizationRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'Permissions_ListForResourceGroup',
    template:
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Authorization/permissions',
    handle: listPermissions,
  },
  {
    method: 'GET',
    operationId: 'Permissions_ListForResource',
    template: '/{scope}/providers/Microsoft.Authorization/permissions',
    handle: listPermissions,
  },
  {
    method: 'GET',
    operationId: 'RoleAssignments_ListForScope',
    template: ASSIGNMENTS,
    handle: listForScope,
  },
  {
    method: 'GET',
    operationId: 'RoleAssignments_Get',
    template: `${ASSIGNMENTS}/{roleAssignmentName}`,
    handle: (context) => {
      const assignment = context.emulator.world.roleAssignments.get(
        idKey(assignmentAt(context).id),
      );
      return assignment ? json(200, roleAssignmentBody(assignment)) : notFound();
    },
  },
  {
    method: 'PUT',
    operationId: 'RoleAssignments_Create',
    template: `${ASSIGNMENTS}/{roleAssignmentName}`,
    handle: createAssignment,
  },
  {
    method: 'DELETE',
    operationId: 'RoleAssignments_Delete',
    template: `${ASSIGNMENTS}/{roleAssignmentName}`,
    handle: (context) => {
      const key = idKey(assignmentAt(context).id);
      const assignment = context.emulator.world.roleAssignments.get(key);
      if (!assignment) return { status: 204 };
      context.emulator.world.roleAssignments.delete(key);
      return json(200, roleAssignmentBody(assignment));
    },
  },
];
