/**
 * The bookkeeping of the end-to-end role check (test/e2e/support/role-check.ts): which recorded
 * operations are winshift's, and when the "granted but never called" direction may be judged.
 */
import { describe, expect, it } from '@jest/globals';
import type { OperationRecord } from '../../../src/sandbox/arm/index.js';
import { RoleCoverage, winshiftOperations } from '../../support/deploy/role-check.js';

const WINSHIFT = '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70';
const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}';

function record(
  operationId: string,
  principalId: string | undefined,
  host = 'management.azure.com',
): OperationRecord {
  return {
    at: '2026-01-01T00:00:00.000Z',
    host,
    method: 'GET',
    operationId,
    pathTemplate: CLUSTER,
    principalId,
    status: 200,
  };
}

describe("winshift's operations among the recorded ones", () => {
  it.each([
    ['winshift on ARM', record('ManagedClusters_Get', WINSHIFT), true],
    ['winshift, other casing', record('ManagedClusters_Get', WINSHIFT.toUpperCase()), true],
    [
      "the test's own check",
      record('AgentPools_List', 'e2ec0ffe-0000-4000-8000-00000000c4ec'),
      false,
    ],
    ['an ARM call without a sandbox token', record('ManagedClusters_Get', undefined), false],
    [
      "Key Vault's unauthenticated challenge probe",
      record('GetSecretVersions', undefined, 'kv.vault.azure.net'),
      false,
    ],
    ['winshift on Key Vault', record('GetSecretVersions', WINSHIFT, 'kv.vault.azure.net'), true],
    [
      'an ACR token exchange (its Entra token is in the body)',
      record('Registry_ExchangeToken', undefined, 'myacr.azurecr.io'),
      true,
    ],
    [
      'an anonymous MCR manifest read',
      record('Registry_GetManifest', undefined, 'mcr.microsoft.com'),
      true,
    ],
  ])('%s: %s', (_what, operation, kept) => {
    expect(winshiftOperations([operation], WINSHIFT)).toEqual(kept ? [operation] : []);
  });
});

describe('role coverage across scenarios', () => {
  it('names the scenarios that did not run to their end', () => {
    const coverage = new RoleCoverage();
    coverage.plan('happy path');
    coverage.plan('rollback');
    coverage.complete('happy path');
    expect(coverage.incomplete()).toEqual(['rollback']);
    coverage.complete('rollback');
    expect(coverage.incomplete()).toEqual([]);
  });

  it('refuses to complete a scenario it was not told about', () => {
    expect(() => new RoleCoverage().complete('typo')).toThrow('unplanned scenario typo');
  });

  it("compares the operator role with every scenario's calls, in both directions", () => {
    const coverage = new RoleCoverage();
    coverage.record([record('ManagedClusters_Get', WINSHIFT)]);
    coverage.record([
      {
        ...record('RoleAssignments_Delete', WINSHIFT),
        method: 'DELETE',
        pathTemplate: `${CLUSTER}/providers/Microsoft.Authorization/roleAssignments/{n}`,
      },
    ]);
    const comparison = coverage.compare();
    expect(coverage.recorded).toBe(2);
    expect(comparison.missing.actions).toEqual(['Microsoft.Authorization/roleAssignments/delete']);
    expect(comparison.unused.actions).toContain(
      'Microsoft.ContainerService/managedClusters/agentPools/write',
    );
    expect(comparison.unused.actions).not.toContain(
      'Microsoft.ContainerService/managedClusters/read',
    );
  });
});
