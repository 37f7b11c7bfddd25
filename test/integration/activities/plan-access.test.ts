/**
 * Issue 13 item 7 through the plan activity as composition.ts builds it (the sandbox's app settings
 * -> loadConfig -> compose -> activities.planUpgrade), with the real adapters, the real Kubernetes
 * API server and Azurite: the default scenario with the access switches on plans Blocked, each
 * blocker naming its grant, and warns about the management group's role assignment; with only the
 * ARM-audience switch on it plans executable (the registry adapter asks for ACR-audience tokens).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { ownControlPlane, stopOwnControlPlane } from '../../support/own-control-plane.js';
import { randomBytes } from 'node:crypto';
import { compose, tablePrefixOf, type Composition } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config.js';
import { createCredential } from '../../../src/adapters/azure/index.js';
import { createTableUpgradeStore } from '../../../src/adapters/storage/index.js';
import type { Plan } from '../../../src/domain/plan.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
  type SandboxScenario,
} from '../../../src/sandbox/index.js';
import { ACTIVITY, type PlanSummary } from '../../../src/workflow/contracts/index.js';
import { makePlan } from '../../unit/activities/fakes/world.js';

const SUB = '6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
const SHARED = '0b5e7a11-9c3d-4e2f-8a1b-5c6d7e8f9a0b';
const WINSHIFT = '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70';
const OLD_POOL_PRINCIPAL = '7e7e7e7e-1d2c-4b3a-9f8e-6d5c4b3a2f1e';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments`;
const ACR = 'contosopayments.azurecr.io';
const ACR_ID = `/subscriptions/${SUB}/resourceGroups/rg-payments/providers/Microsoft.ContainerRegistry/registries/contosopayments`;
const SHARED_IDENTITY = `/subscriptions/${SHARED}/resourceGroups/rg-shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared-gmsa`;
const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';
const READER =
  '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

type Registry = NonNullable<SandboxScenario['registries']>[number];

function withRegistry(scenario: SandboxScenario, change: Partial<Registry>): SandboxScenario {
  return {
    ...scenario,
    registries: (scenario.registries ?? []).map((r) => (r.host === ACR ? { ...r, ...change } : r)),
  };
}

/**
 * Every access switch but the ARM-audience one: the gMSA vault without winshift's policy, an
 * identity of a subscription outside WINSHIFT_SUBSCRIPTIONS on the pool, a role assignment of the
 * pool's system-assigned identity at a management group, and the ACR in ABAC mode.
 */
function withAccessSwitches(scenario: SandboxScenario): SandboxScenario {
  const subscriptions = scenario.subscriptions.map((subscription) => ({
    ...subscription,
    resourceGroups: subscription.resourceGroups.map((group) => ({
      ...group,
      vaults: group.vaults?.map((vault) => ({
        ...vault,
        accessPolicies: vault.accessPolicies?.filter((p) => p.objectId !== WINSHIFT),
      })),
      clusters: group.clusters?.map((cluster) => ({
        ...cluster,
        pools: cluster.pools.map((pool) =>
          pool.name === 'win19'
            ? {
                ...pool,
                vmssUserAssignedIdentities: [
                  ...(pool.vmssUserAssignedIdentities ?? []),
                  SHARED_IDENTITY,
                ],
                vmssSystemAssignedPrincipalId: OLD_POOL_PRINCIPAL,
              }
            : pool,
        ),
      })),
    })),
  }));
  return withRegistry(
    {
      ...scenario,
      subscriptions: [
        ...subscriptions,
        {
          id: SHARED,
          outsideWinshift: true,
          resourceGroups: [{ name: 'rg-shared', identities: [{ name: 'id-shared-gmsa' }] }],
        },
      ],
      managementGroups: [{ name: 'mg-platform', subscriptions: [SUB] }],
      roleAssignments: [
        ...(scenario.roleAssignments ?? []),
        { scope: MG, roleDefinitionId: READER, principalId: OLD_POOL_PRINCIPAL },
      ],
    },
    { roleAssignmentMode: 'AbacRepositoryPermissions' },
  );
}

interface Planned {
  readonly summary: PlanSummary;
  readonly plan: Plan | undefined;
  readonly sandbox: RunningSandbox;
}

afterAll(stopOwnControlPlane);

const started: RunningSandbox[] = [];

/** The plan activity of a composition built from the sandbox's settings, for `scenario`. */
async function planFor(scenario: SandboxScenario): Promise<Planned> {
  const { kubeconfigPath } = await ownControlPlane();
  const sandbox = await startSandbox({ scenario, controlPlane: { kubeconfigPath } });
  started.push(sandbox);
  const config = loadConfig({
    ...sandbox.settings,
    AzureWebJobsStorage: process.env.WINSHIFT_TEST_STORAGE,
    WINSHIFT_TASK_HUB: `acc${randomBytes(5).toString('hex')}`,
  });
  const composition: Composition = compose(config);
  const instanceId = `plan-${randomBytes(8).toString('hex')}`;
  const summary = (await composition.activities[ACTIVITY.plan]({
    instanceId,
    request: {
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      options: { ...makePlan().options, dryRun: true, targetOsSku: 'Windows2022' },
      startedBy: 'http',
    },
  })) as PlanSummary;
  const store = createTableUpgradeStore(
    config.storage,
    tablePrefixOf(config),
    createCredential(config),
  );
  const plan = await store.loadPlan(instanceId);
  // Leave the shared control plane for the next plan (one sandbox holds its lease at a time).
  await sandbox.stop();
  return { summary, plan, sandbox };
}

describe("the plan activity checks winshift's own access (real adapters, sandbox switches)", () => {
  afterAll(async () => {
    for (const sandbox of started) await sandbox.stop();
  });

  it('blocks on each missing grant, naming it, and warns about the management group assignment', async () => {
    const { summary, plan, sandbox } = await planFor(
      withAccessSwitches(await loadScenarioFile(DEFAULT_SCENARIO_FILE)),
    );
    expect(sandbox.settings.WINSHIFT_SUBSCRIPTIONS).toBe(SUB);
    const access = summary.blockers.filter((b) => b.code === 'WINSHIFT_ACCESS_MISSING');
    expect(access).toEqual([
      {
        code: 'WINSHIFT_ACCESS_MISSING',
        subject: 'Key Vault kv-payments-gmsa',
        message: `grant access policy: secrets list to ${WINSHIFT} on vault kv-payments-gmsa (vault kv-payments-gmsa uses access policies, which ignore Azure RBAC data actions; winshift checks that the gMSA secret exists from its versions' properties and never reads its value)`,
      },
      {
        code: 'WINSHIFT_ACCESS_MISSING',
        subject: `identity ${SHARED_IDENTITY}`,
        message: `grant role Managed Identity Operator to ${WINSHIFT} at ${SHARED_IDENTITY} (ARM checks Microsoft.ManagedIdentity/userAssignedIdentities/assign/action on the identity when the new pool's scale set is given it)`,
      },
      {
        code: 'WINSHIFT_ACCESS_MISSING',
        subject: `registry ${ACR}`,
        message: `grant role Container Registry Repository Reader to ${WINSHIFT} at ${ACR_ID} (its roleAssignmentMode is AbacRepositoryPermissions: AcrPull, Owner and Contributor grant no pulls there; the data action Microsoft.ContainerRegistry/registries/repositories/content/read does)`,
      },
    ]);
    expect(summary.warnings).toEqual([
      expect.objectContaining({
        code: 'ROLE_ASSIGNMENT_NOT_COPIED',
        subject: 'management group mg-platform',
        message: expect.stringContaining(
          `assign role ${READER} at ${MG} to the new pool's system-assigned identity`,
        ) as unknown as string,
      }),
    ]);
    // The plan the run would execute does not try to copy the management group's assignment.
    expect(plan?.identities).toContainEqual(
      expect.objectContaining({ kind: 'systemAssigned', roleAssignments: [] }),
    );
    expect(plan?.blockers).toEqual(summary.blockers);
  }, 300_000);

  it('plans executable with ARM-audience tokens disabled on the ACR (the adapter asks for the ACR audience)', async () => {
    const { summary, sandbox } = await planFor(
      withRegistry(await loadScenarioFile(DEFAULT_SCENARIO_FILE), {
        azureADAuthenticationAsArmPolicy: 'disabled',
      }),
    );
    expect(summary.blockers).toEqual([]);
    expect(summary.warnings).toEqual([]);
    const exchanges = sandbox.arm
      .operations()
      .filter((op) => op.operationId === 'Registry_ExchangeToken');
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.every((op) => op.status === 200)).toBe(true);
    // The checks read the registry and winshift's permissions on it and on the pool's identity.
    const ids = sandbox.arm.operations().map((op) => op.operationId);
    expect(ids).toEqual(expect.arrayContaining(['Registries_List', 'Permissions_ListForResource']));
  }, 300_000);
});
