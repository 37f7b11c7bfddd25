/**
 * What the ABAC condition on winshift's operator role lets it do with role assignments (issue 13
 * item 9): the condition of infra/app/target-subscription.bicep, rendered with main.bicep's defaults,
 * evaluated for the writes winshift makes and the ones that would raise its own rights.
 */
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { evaluate, parseCondition, type AbacRequest } from '../../support/deploy/abac.js';
import { declarationsOf, INFRA_DIR, readBicep, stringItems } from '../../support/deploy/bicep.js';

const WINSHIFT = '11111111-1111-4111-8111-111111111111';
const NEW_POOL_PRINCIPAL = '22222222-2222-4222-8222-222222222222';
const ROLES = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
};
const WRITE = 'Microsoft.Authorization/roleAssignments/write';

const target = readBicep(path.join(INFRA_DIR, 'app', 'target-subscription.bicep'));
const main = readBicep(path.join(INFRA_DIR, 'main.bicep'));
const variable = (name: string): string =>
  declarationsOf(target, 'var').find((v) => v.name === name)?.value ?? '';
const DEFAULT_GRANTABLE = stringItems(
  declarationsOf(main, 'param').find((p) => p.name === 'grantableRoleDefinitionIds')?.value ?? '',
);

/** The condition as ARM receives it, for `grantable` roles and winshift's principal. */
function condition(grantable: readonly string[]): string {
  const literal = (text: string): string => text.trim().replace(/^'|'$/g, '').replace(/\\'/g, "'");
  return literal(variable('roleAssignmentCondition'))
    .replace('${grantableRoles}', grantable.join(', '))
    .replace('${privilegedRoles}', literal(variable('privilegedRoles')))
    .replace('${principalId}', WINSHIFT);
}

const write = (role: string, principal: string, type = 'ServicePrincipal'): AbacRequest => ({
  action: WRITE,
  attributes: { RoleDefinitionId: role, PrincipalId: principal, PrincipalType: type },
});

const allows = (request: AbacRequest, grantable = DEFAULT_GRANTABLE): boolean =>
  evaluate(parseCondition(condition(grantable)), request);

describe("the operator role's ABAC condition (infra/app/target-subscription.bicep)", () => {
  it('grants by default only data roles: Key Vault Secrets User, Key Vault Reader, AcrPull', () => {
    expect(DEFAULT_GRANTABLE).toHaveLength(3);
    expect(DEFAULT_GRANTABLE).toContain(ROLES.keyVaultSecretsUser);
    for (const privileged of [ROLES.owner, ROLES.userAccessAdministrator, ROLES.rbacAdministrator])
      expect(DEFAULT_GRANTABLE).not.toContain(privileged);
  });

  it("lets winshift copy a grantable role to a new pool's managed identity", () => {
    expect(allows(write(ROLES.keyVaultSecretsUser, NEW_POOL_PRINCIPAL))).toBe(true);
    expect(allows(write(ROLES.acrPull, NEW_POOL_PRINCIPAL))).toBe(true);
  });

  it('never lets winshift grant anything to itself', () => {
    expect(allows(write(ROLES.keyVaultSecretsUser, WINSHIFT))).toBe(false);
    expect(allows(write(ROLES.acrPull, WINSHIFT.toUpperCase()))).toBe(false);
  });

  it.each([
    ['a role not in the list', write(ROLES.contributor, NEW_POOL_PRINCIPAL)],
    ['Owner', write(ROLES.owner, NEW_POOL_PRINCIPAL)],
    ['a grantable role to a user', write(ROLES.keyVaultSecretsUser, NEW_POOL_PRINCIPAL, 'User')],
    ['a grantable role to a group', write(ROLES.keyVaultSecretsUser, NEW_POOL_PRINCIPAL, 'Group')],
  ])('refuses %s', (_what, request) => {
    expect(allows(request)).toBe(false);
  });

  it.each([ROLES.owner, ROLES.userAccessAdministrator, ROLES.rbacAdministrator])(
    'refuses the privileged role %s even when someone adds it to grantableRoleDefinitionIds',
    (role) => {
      expect(allows(write(role, NEW_POOL_PRINCIPAL), [...DEFAULT_GRANTABLE, role])).toBe(false);
    },
  );

  it("leaves the role's other actions alone", () => {
    const poolWrite = {
      action: 'Microsoft.ContainerService/managedClusters/agentPools/write',
      attributes: {},
    };
    expect(allows(poolWrite)).toBe(true);
  });
});
