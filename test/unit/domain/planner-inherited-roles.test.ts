/**
 * A system-assigned identity's role assignments above the subscriptions (management groups, the
 * root) are not copied: the plan warns, naming the role and scope to grant the new pool's identity.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import type { RoleAssignment } from '../../../src/domain/azure-facts.js';
import { buildPlan } from '../../../src/domain/planner.js';
import { planIdentities } from '../../../src/domain/planner-identities.js';
import {
  inheritedRoleWarnings,
  isSubscriptionScope,
} from '../../../src/domain/planner-inherited-roles.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { makeFacts, OPTIONS } from './planner-fixture.js';

const PRINCIPAL = 'p-old';
const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';
const RG = '/subscriptions/sub1/resourceGroups/rg-data';
const READER =
  '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

function withAssignments(assignments: Omit<RoleAssignment, 'id' | 'principalId'>[]): PlanFacts {
  const facts = makeFacts();
  const vmss = facts.vmss!;
  return {
    ...facts,
    vmss: {
      ...vmss,
      vmss: { ...vmss.vmss, systemAssignedPrincipalId: PRINCIPAL },
      roleAssignments: assignments.map((a, i) => ({ ...a, id: `ra${i}`, principalId: PRINCIPAL })),
    },
  };
}

describe('scopes winshift can copy an assignment at', () => {
  it.each([
    ['/subscriptions/sub1', true],
    ['/subscriptions/sub1/resourceGroups/rg', true],
    ['/SUBSCRIPTIONS/sub1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', true],
    [MG, false],
    ['/', false],
    ['/subscriptionsX/sub1', false],
  ])('%s: %s', (scope, copyable) => {
    expect(isSubscriptionScope(scope)).toBe(copyable);
  });
});

describe('role assignments inherited from a management group', () => {
  const facts = withAssignments([
    { scope: RG, roleDefinitionId: READER },
    { scope: MG, roleDefinitionId: READER },
  ]);

  it('are not planned to copy, the subscription ones are', () => {
    const planned = planIdentities(facts).identities.find((i) => i.kind === 'systemAssigned');
    expect(planned).toEqual(
      expect.objectContaining({ roleAssignments: [{ scope: RG, roleDefinitionId: READER }] }),
    );
  });

  it('are a warning naming the role, the scope and whom to grant it', () => {
    expect(inheritedRoleWarnings(facts.vmss)).toEqual([
      {
        code: 'ROLE_ASSIGNMENT_NOT_COPIED',
        subject: 'management group mg-platform',
        message: `the old pool's system-assigned identity ${PRINCIPAL} holds role ${READER} at ${MG}, outside the subscriptions winshift manages, so winshift does not copy it: once the new pool exists, assign role ${READER} at ${MG} to the new pool's system-assigned identity (its principal id is in the new scale set's identity), or its workloads lose that access when the old pool is deleted`,
      },
    ]);
  });

  it('reach the plan as warnings, not blockers', () => {
    const plan = buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);
    expect(plan.warnings?.map((w) => w.code)).toEqual(['ROLE_ASSIGNMENT_NOT_COPIED']);
    expect(plan.blockers.map((b) => b.code)).not.toContain('ROLE_ASSIGNMENT_NOT_COPIED');
  });

  it('leave nothing to warn about without a system-assigned identity', () => {
    expect(inheritedRoleWarnings(makeFacts().vmss)).toEqual([]);
    expect(inheritedRoleWarnings(undefined)).toEqual([]);
  });
});
