/**
 * planUpgrade reads winshift's own access (gather-access.ts) and the plan carries what is missing:
 * which reads it makes, what a refused read becomes, and that a transient failure is retried.
 */
import { describe, expect, it } from '@jest/globals';
import { planUpgrade } from '../../../src/activities/plan-upgrade.js';
import { errorCodeOf } from '../../../src/domain/errors.js';
import { makePlanningWorld, type PlanningWorld } from './fakes/planning.js';
import { GMSA_OBJECT_ID, INSTANCE, SECRET_URI, UAI, VAULT_ID, WEB } from './fakes/world.js';

const ACR =
  '/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso';

function withGmsaVault(w: PlanningWorld, rbac: boolean): void {
  w.kube.gmsaSpecs = [
    { name: 'shop-gmsa', pluginInput: `ObjectId=${GMSA_OBJECT_ID};SecretUri=${SECRET_URI}` },
  ];
  w.kube.workload(WEB).gmsaCredentialSpecNames = ['shop-gmsa'];
  w.arm.vaults.set('kv1', {
    resourceId: VAULT_ID,
    name: 'kv1',
    enableRbacAuthorization: rbac,
    accessPolicies: [],
  });
}

const accessBlockers = async (w: PlanningWorld): Promise<unknown[]> =>
  (await planUpgrade(w.deps, w.input)).blockers.filter((b) => b.code === 'WINSHIFT_ACCESS_MISSING');

describe("planUpgrade: winshift's own access", () => {
  it('asks its permissions on each identity the new scale set gets, and nothing else without gMSA or ACR', async () => {
    const w = makePlanningWorld();
    expect(await accessBlockers(w)).toEqual([]);
    expect(w.access.asked).toEqual([UAI]);
  });

  it('blocks an identity it may not assign, naming Managed Identity Operator', async () => {
    const w = makePlanningWorld();
    w.access.permissions.set(UAI.toLowerCase(), []);
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([
      {
        code: 'WINSHIFT_ACCESS_MISSING',
        subject: `identity ${UAI}`,
        message: expect.stringContaining(
          `grant role Managed Identity Operator to ${w.access.principalId} at ${UAI}`,
        ) as unknown as string,
      },
    ]);
    expect(w.store.plans.get(INSTANCE)?.blockers).toEqual(summary.blockers);
  });

  it('reads no permissions for an access-policy vault (RBAC does not apply), but does for an RBAC one', async () => {
    const policies = makePlanningWorld();
    withGmsaVault(policies, false);
    expect(await accessBlockers(policies)).toEqual([
      expect.objectContaining({ subject: 'Key Vault kv1' }),
    ]);
    expect(policies.access.asked).not.toContain(VAULT_ID);

    const rbac = makePlanningWorld();
    withGmsaVault(rbac, true);
    expect(await accessBlockers(rbac)).toEqual([]);
    expect(rbac.access.asked).toContain(VAULT_ID);
  });

  it('turns a refused permissions read into the grant to make', async () => {
    const w = makePlanningWorld();
    w.access.failures.set(UAI.toLowerCase(), 'FORBIDDEN');
    expect(await accessBlockers(w)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('[FORBIDDEN] permissions at') as unknown as string,
      }),
    ]);
  });

  it('fails TRANSIENT, saving nothing, when a permissions read fails transiently', async () => {
    const w = makePlanningWorld();
    w.access.failures.set(UAI.toLowerCase(), 'TRANSIENT');
    const failed = await planUpgrade(w.deps, w.input).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(errorCodeOf(failed)).toBe('TRANSIENT');
    expect(w.store.plans.size).toBe(0);
  });

  it('checks an ABAC-mode ACR of the new images for Container Registry Repository Reader', async () => {
    const w = makePlanningWorld();
    w.kube.workload(WEB).containers = [{ name: 'web', image: 'contoso.azurecr.io/web:ltsc2019' }];
    w.access.registries.push({
      resourceId: ACR,
      loginServer: 'contoso.azurecr.io',
      roleAssignmentMode: 'AbacRepositoryPermissions',
      armAudienceTokens: 'disabled',
    });
    w.access.permissions.set(ACR.toLowerCase(), [
      {
        actions: ['Microsoft.ContainerRegistry/registries/pull/read'],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
    ]);
    expect(await accessBlockers(w)).toEqual([
      expect.objectContaining({
        subject: 'registry contoso.azurecr.io',
        message: expect.stringContaining(
          'grant role Container Registry Repository Reader',
        ) as unknown as string,
      }),
    ]);
  });
});
