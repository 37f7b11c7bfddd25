/**
 * Issue 13 items 5 and 6 through the plan activity, wired as composition.ts wires it (the sandbox's
 * app settings -> loadConfig -> the real Azure adapters and Kubernetes connector), on the default
 * scenario with its adversarial switches turned on: the plan is blocked with the numbers, or gets an
 * offered Kubernetes version in place of a withdrawn one; a refused read is a warning. Only the plan
 * store is an in-memory fake (the plan is read back from it).
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { ownControlPlane, stopOwnControlPlane } from '../../support/own-control-plane.js';
import { randomBytes } from 'node:crypto';
import {
  createAzureAdapters,
  createCredential,
  createSandboxTransport,
  registryConnectionOf,
} from '../../../src/adapters/azure/index.js';
import type { MappedTransport } from '../../../src/adapters/connect/index.js';
import { createKubernetesConnector } from '../../../src/adapters/kubernetes/index.js';
import { createActivities, silentLog } from '../../../src/activities/index.js';
import { loadConfig } from '../../../src/config.js';
import type { Blocker, PlanWarning } from '../../../src/domain/plan.js';
import {
  startSandbox,
  type RunningSandbox,
  type SandboxScenario,
} from '../../../src/sandbox/index.js';
import { ACTIVITY, type PlanSummary } from '../../../src/workflow/contracts/index.js';
import { editedDefaultScenario } from '../../e2e/support/cluster.js';
import { FakeStore } from '../../unit/activities/fakes/fake-store.js';

const CLUSTER =
  '/subscriptions/6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments';

afterAll(stopOwnControlPlane);

let sandbox: RunningSandbox | undefined;
let transport: MappedTransport | undefined;
afterEach(async () => {
  transport?.agent.destroy();
  await sandbox?.stop();
  sandbox = undefined;
});

interface Planned {
  readonly summary: PlanSummary;
  readonly store: FakeStore;
  readonly instanceId: string;
}

/** Starts the scenario on the shared control plane and runs the plan activity once. */
async function plan(
  scenario: SandboxScenario,
  before?: (s: RunningSandbox) => void,
): Promise<Planned> {
  const { kubeconfigPath } = await ownControlPlane();
  sandbox = await startSandbox({ scenario, controlPlane: { kubeconfigPath } });
  before?.(sandbox);
  const config = loadConfig({
    ...sandbox.settings,
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    WINSHIFT_TASK_HUB: 'winshift',
  });
  const credential = createCredential(config);
  transport = createSandboxTransport(config);
  const azure = createAzureAdapters({
    credential,
    subscriptions: config.subscriptions,
    ...(transport ? { httpClient: transport.httpClient } : {}),
    registryConnection: registryConnectionOf(config),
    ...(config.principalId !== undefined ? { principalId: config.principalId } : {}),
  });
  const store = new FakeStore();
  const activities = createActivities({
    ...azure,
    kubernetes: createKubernetesConnector({ aks: azure.aks, credential }),
    store,
    calendar: config.calendar,
    now: () => new Date(),
    log: silentLog,
  });
  const instanceId = `upg-${randomBytes(16).toString('hex')}`;
  const summary = (await activities[ACTIVITY.plan]({
    instanceId,
    request: {
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      startedBy: 'http',
      options: {
        imageMap: {},
        prePull: true,
        drainTimeoutInSeconds: 1800,
        rolloutTimeoutInSeconds: 1800,
        approvalTimeoutInSeconds: 86_400,
        deleteNewPoolOnRollback: true,
        dryRun: true,
      },
    },
  })) as PlanSummary;
  return { summary, store, instanceId };
}

const codes = (findings: readonly (Blocker | PlanWarning)[]): string[] =>
  findings.map((f) => f.code);

describe('the plan activity with the real adapters: capacity and version preflight', () => {
  it('blocks the default scenario with its quota, subnet and version switches on, with the numbers', async () => {
    const { summary } = await plan(
      editedDefaultScenario((raw) => {
        const subscription = raw.subscriptions[0];
        subscription.quotas = { westeurope: { standardDSv5Family: 40 } };
        // rg-payments: snet-aks holds 2 x 111 + 3 x 31 = 315 of 1019 usable addresses.
        subscription.resourceGroups[1].virtualNetworks[0].subnets[0].otherIpConfigurations = 650;
        raw.withdrawnKubernetesVersions = ['1.31.10'];
      }),
    );
    expect(codes(summary.blockers)).toEqual([
      'KUBERNETES_VERSION_UNAVAILABLE',
      'SUBNET_FULL',
      'VCPU_QUOTA_EXCEEDED',
    ]);
    const [version, subnet, quota] = summary.blockers.map((b) => b.message);
    expect(quota).toContain('needs 24 vCPU of standardDSv5Family in westeurope');
    expect(quota).toContain('8 free (limit 40, 32 in use)');
    expect(subnet).toContain('needs 93 IP addresses in subnet snet-aks');
    expect(subnet).toContain('54 free (10.240.0.0/22: 1019 usable');
    expect(version).toContain('1.31.10 is not offered for new pools');
    expect(version).toContain('offered: 1.30.14');
    // Planning reads only: nothing was created.
    const writes = sandbox!.arm
      .operations()
      .filter((op) => op.method !== 'GET' && op.method !== 'POST');
    expect(writes).toEqual([]);
  }, 300_000);

  it('gives the new pool the offered patch of a withdrawn one, and warns naming the permission of a refused read', async () => {
    const { summary, store, instanceId } = await plan(
      editedDefaultScenario((raw) => {
        const cluster = raw.subscriptions[0].resourceGroups[1].clusters[0];
        cluster.kubernetesVersion = '1.31.11';
        cluster.pools[1].orchestratorVersion = '1.31.10';
        raw.withdrawnKubernetesVersions = ['1.31.10'];
      }),
      (s) => s.arm.setFault({ operationId: 'Usage_List', kind: 'forbidden' }),
    );
    expect(summary.blockers).toEqual([]);
    const warnings = summary.warnings ?? [];
    expect(codes(warnings)).toEqual(['KUBERNETES_VERSION_SUBSTITUTED', 'PREFLIGHT_UNVERIFIED']);
    expect(warnings[0]?.message).toContain('the new pool gets 1.31.11');
    expect(warnings[1]?.message).toContain(
      'winshift needs Microsoft.Compute/locations/usages/read',
    );
    const stored = await store.loadPlan(instanceId);
    expect(stored?.target.spec['orchestratorVersion']).toBe('1.31.11');
    expect(stored?.target.spec['vnetSubnetID']).toMatch(/\/subnets\/snet-aks$/);
  }, 300_000);
});
