import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { AzureAdapters } from '../../../../src/adapters/azure/index.js';
import { newPoolSpec } from '../../../../src/domain/pool-spec.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import { clusterId } from '../../../../src/sandbox/state/ids.js';
import { adaptersFor, eventually, rejectsWithCode, served } from './support.js';

const SUB = '00000000-0000-0000-0000-0000000aa001';
const OTHER_SUB = '00000000-0000-0000-0000-0000000aa002';
const RG = 'rg-aks';
const AKS1 = clusterId(SUB, RG, 'aks1');
const FLEET = ['f1', 'f2', 'f3', 'f4', 'f5'];

describe('AksPort over @azure/arm-containerservice against the ARM emulator', () => {
  let sandbox: RunningArmEmulator;
  let azure: AzureAdapters;

  beforeAll(async () => {
    let scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'westeurope')
      .clusterPageSize(2)
      .latency({ poolProvisioningMs: 60_000, poolDeletionMs: 60_000, lroRetryAfterSeconds: 0 })
      .cluster(RG, {
        name: 'aks1',
        kubernetesVersion: '1.32.4',
        aadEnabled: true,
        restrictionLevel: 'ReadOnly',
        controlPlane: { server: 'https://127.0.0.1:6443', caPem: 'CA', token: 'unused' },
        pools: [
          { name: 'system', osType: 'Linux', mode: 'System' },
          {
            name: 'win19',
            osType: 'Windows',
            osSKU: 'Windows2019',
            count: 2,
            orchestratorVersion: '1.32.4',
            properties: {
              nodeLabels: { app: 'payroll' },
              nodeTaints: ['os=windows:NoSchedule'],
              availabilityZones: ['1', '2'],
            },
          },
        ],
      })
      .cluster(RG, {
        name: 'local',
        kubernetesVersion: '1.31.5',
        controlPlane: { server: 'https://127.0.0.1:7443', caPem: 'CA2', token: 'static-token' },
        pools: [{ name: 'system', osType: 'Linux' }],
      });
    for (const name of FLEET) {
      scenario = scenario.cluster(RG, {
        name,
        kubernetesVersion: '1.31.5',
        pools: [{ name: 'system', osType: 'Linux' }],
      });
    }
    sandbox = await startArmEmulator(scenario.resourceGroup('rg-x', 'eastus', OTHER_SUB).build());
    azure = adaptersFor(sandbox, [SUB]);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearOperations();
  });

  it('reads a cluster as the plan sees it: versions, node resource group, Entra, restriction, pools', async () => {
    const facts = await azure.aks.getCluster(AKS1);
    expect(facts).toMatchObject({
      resourceId: AKS1,
      subscriptionId: SUB,
      resourceGroup: RG,
      name: 'aks1',
      location: 'westeurope',
      kubernetesVersion: '1.32.4',
      nodeResourceGroup: `MC_${RG}_aks1_westeurope`,
      aadEnabled: true,
      privateCluster: false,
      restrictionLevel: 'ReadOnly',
    });
    expect(facts.pools.map((p) => [p.name, p.osType, p.osSku, p.count])).toEqual([
      ['system', 'Linux', 'Ubuntu', 3],
      ['win19', 'Windows', 'Windows2019', 2],
    ]);
  });

  it.each([
    ['a malformed id', '/subscriptions/x/aks1', 'INVALID_INPUT'],
    [
      'a VMSS id',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/v`,
      'INVALID_INPUT',
    ],
    ['a subscription outside the allow list', clusterId(OTHER_SUB, 'rg-x', 'aks9'), 'FORBIDDEN'],
    ['a missing cluster', clusterId(SUB, RG, 'nope'), 'NOT_FOUND'],
  ] as const)('refuses %s (%s) with %s', async (_what, id, code) => {
    await rejectsWithCode(azure.aks.getCluster(id), code);
  });

  it('lists every cluster of a subscription one page per ARM call', async () => {
    const names: string[] = [];
    for await (const cluster of azure.aks.listClusters(SUB)) names.push(cluster.name);
    expect(names.sort()).toEqual(['aks1', 'local', ...FLEET].sort());
    // 7 clusters, pages of 2: four list calls, each one page.
    expect(served(sandbox, 'ManagedClusters_List', 200)).toBe(4);
  });

  it('awaits the caller before each page request (the fleet scan paces ARM with it)', async () => {
    const log: string[] = [];
    const pacing = {
      beforePageRequest: (): Promise<void> => {
        log.push(`ask:${served(sandbox, 'ManagedClusters_List')}`);
        return Promise.resolve();
      },
    };
    const names: string[] = [];
    for await (const cluster of azure.aks.listClusters(SUB, pacing)) names.push(cluster.name);
    expect(names).toHaveLength(7);
    // Four pages, four requests, each announced before it went out; none after the last page.
    expect(log).toEqual(['ask:0', 'ask:1', 'ask:2', 'ask:3']);
    expect(served(sandbox, 'ManagedClusters_List')).toBe(4);
  });

  it('stops listing when the caller stops: later pages are never fetched', async () => {
    for await (const cluster of azure.aks.listClusters(SUB)) {
      expect(cluster.subscriptionId).toBe(SUB);
      break;
    }
    expect(served(sandbox, 'ManagedClusters_List')).toBe(1);
  });

  it('reads a pool as ARM JSON without id/name/type, provisioningState apart; a missing pool is undefined', async () => {
    const pool = await azure.aks.getPool(AKS1, 'win19');
    expect(pool?.name).toBe('win19');
    expect(pool?.provisioningState).toBe('Succeeded');
    expect(pool?.spec).toMatchObject({
      osType: 'Windows',
      osSKU: 'Windows2019',
      count: 2,
      nodeLabels: { app: 'payroll' },
      nodeTaints: ['os=windows:NoSchedule'],
      availabilityZones: ['1', '2'],
    });
    for (const key of ['id', 'name', 'provisioningState', 'properties'])
      expect(pool?.spec).not.toHaveProperty(key);
    expect(await azure.aks.getPool(AKS1, 'gone')).toBeUndefined();
  });

  it('starts a pool creation from the old pool copied by the domain and returns before it is provisioned', async () => {
    const old = await azure.aks.getPool(AKS1, 'win19');
    const spec = newPoolSpec({
      oldPool: old!.spec,
      targetSku: 'Windows2025',
      requiresFips: true,
      controlPlaneVersion: '1.32.4',
    });
    await azure.aks.beginCreatePool(AKS1, 'w25a', spec);
    const created = await azure.aks.getPool(AKS1, 'w25a');
    // ARM's own names made the round trip (the emulator refuses Windows2025 without enableFIPS).
    expect(created?.spec).toMatchObject({ osSKU: 'Windows2025', enableFIPS: true, count: 2 });
    expect(created?.provisioningState).toBe('Creating');
    expect(served(sandbox, 'AgentPools_CreateOrUpdate', 201)).toBe(1);
    expect(served(sandbox, 'ContainerServiceOperationStatus_Get')).toBe(0);
  });

  it('never overwrites a pool that exists: the create-only PUT answers 412, retried as TRANSIENT', async () => {
    const old = await azure.aks.getPool(AKS1, 'win19');
    const message = await rejectsWithCode(
      azure.aks.beginCreatePool(AKS1, 'win19', { ...old!.spec, count: 9 }),
      'TRANSIENT',
    );
    expect(message).toMatch(/412/);
    expect((await azure.aks.getPool(AKS1, 'win19'))?.spec['count']).toBe(2);
  });

  it('maps ARM validation failures to INVALID_INPUT with ARM code and message', async () => {
    const message = await rejectsWithCode(
      azure.aks.beginCreatePool(AKS1, 'toolongname', { osType: 'Windows', osSKU: 'Windows2022' }),
      'INVALID_INPUT',
    );
    expect(message).toContain('InvalidParameter');
    expect(message).toContain('must be 1-6 characters');
  });

  it('starts a deletion and returns once accepted; a busy cluster is CLUSTER_OPERATION_IN_PROGRESS; a gone pool is done', async () => {
    // On `local`: aks1 is still busy creating w25a (AKS runs one operation per cluster at a time).
    const LOCAL = clusterId(SUB, RG, 'local');
    sandbox.setLatency({ poolProvisioningMs: 0 });
    await azure.aks.beginCreatePool(LOCAL, 'tmp1', {
      osType: 'Windows',
      osSKU: 'Windows2022',
      count: 1,
    });
    await eventually(async () =>
      expect((await azure.aks.getPool(LOCAL, 'tmp1'))?.provisioningState).toBe('Succeeded'),
    );
    await azure.aks.beginDeletePool(LOCAL, 'tmp1');
    expect(served(sandbox, 'AgentPools_Delete', 202)).toBe(1);
    expect((await azure.aks.getPool(LOCAL, 'tmp1'))?.provisioningState).toBe('Deleting');
    // AKS refuses a second operation while one runs (409 OperationNotAllowed, its body unwrapped):
    // the orchestrator waits and tries again.
    const message = await rejectsWithCode(
      azure.aks.beginDeletePool(LOCAL, 'tmp1'),
      'CLUSTER_OPERATION_IN_PROGRESS',
    );
    expect(message).toContain('Another agentpool operation (tmp1 - Deleting) is in progress');
    await azure.aks.beginDeletePool(LOCAL, 'nothere');
    expect(served(sandbox, 'AgentPools_Delete', 204)).toBe(1);
    await rejectsWithCode(azure.aks.beginDeletePool(clusterId(SUB, RG, 'nope'), 'x'), 'NOT_FOUND');
  });

  it('is refused while another pool of the cluster is being created: AKS serializes per cluster', async () => {
    // w25a (the test above) is still Creating on aks1.
    const message = await rejectsWithCode(
      azure.aks.beginCreatePool(AKS1, 'w22d', { osType: 'Windows', osSKU: 'Windows2022' }),
      'CLUSTER_OPERATION_IN_PROGRESS',
    );
    expect(message).toContain(
      'HTTP 409 OperationNotAllowed: Operation is not allowed: Another agentpool operation (w25a - Creating) is in progress',
    );
  });

  it('hands out the cluster-user kubeconfig as YAML text', async () => {
    const local = parse(await azure.aks.getUserKubeconfig(clusterId(SUB, RG, 'local'))) as {
      clusters: { cluster: { server: string } }[];
      users: { user: { token?: string } }[];
    };
    expect(local.clusters[0]?.cluster.server).toBe('https://127.0.0.1:7443');
    expect(local.users[0]?.user.token).toBe('static-token');
    const entra = await azure.aks.getUserKubeconfig(AKS1);
    expect(entra).toContain('kubelogin');
  });

  it.each([
    [{ kind: 'throttle', retryAfterSeconds: 7 }, 'TRANSIENT', /429.*Retry-After: 7/],
    [{ kind: 'serverError', status: 500 }, 'TRANSIENT', /500/],
    [{ kind: 'serverError', status: 503 }, 'TRANSIENT', /503/],
  ] as const)('maps an injected %j on a read to %s', async (fault, code, text) => {
    sandbox.setFault({ operationId: 'ManagedClusters_Get', count: 1, ...fault });
    expect(await rejectsWithCode(azure.aks.getCluster(AKS1), code)).toMatch(text);
    expect((await azure.aks.getCluster(AKS1)).name).toBe('aks1');
  });

  // AKS answers these 409s with its ErrorDetail unwrapped (src/sandbox/arm/aks-errors.ts): their
  // codes used to be lost, and every one of them was POOL_CONFLICT.
  it.each([
    ['Conflict', 'The sandbox injected a conflict.', 'POOL_CONFLICT'],
    [
      'OperationNotAllowed',
      'Operation is not allowed: Another operation (nodepool1 - Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
      'CLUSTER_OPERATION_IN_PROGRESS',
    ],
    [
      'OperationNotAllowed',
      'Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: 10, Current Usage: 8, Additional Required: 4, (Minimum) New Limit Required: 12.',
      'QUOTA_EXCEEDED',
    ],
  ] as const)('maps a 409 %s "%s" on a pool PUT to %s', async (armCode, text, code) => {
    sandbox.setFault({
      operationId: 'AgentPools_CreateOrUpdate',
      kind: 'conflict',
      code: armCode,
      message: text,
      count: 1,
    });
    const message = await rejectsWithCode(
      azure.aks.beginCreatePool(AKS1, 'w22c', { osType: 'Windows', osSKU: 'Windows2022' }),
      code,
    );
    expect(message).toContain(`HTTP 409 ${armCode}: ${text}`);
  });

  it('maps faults on pool reads and deletes too (429 TRANSIENT, not "gone")', async () => {
    sandbox.setFault({ operationId: 'AgentPools_Get', kind: 'throttle', count: 1 });
    await rejectsWithCode(azure.aks.getPool(AKS1, 'win19'), 'TRANSIENT');
    sandbox.setFault({ operationId: 'AgentPools_Delete', kind: 'serverError', count: 1 });
    await rejectsWithCode(azure.aks.beginDeletePool(AKS1, 'win19'), 'TRANSIENT');
    expect((await azure.aks.getPool(AKS1, 'win19'))?.provisioningState).toBe('Succeeded');
  });

  it('rides out a throttled call with the SDK retry when retries are on', async () => {
    const retrying = adaptersFor(sandbox, [SUB], { sdkRetries: true });
    sandbox.setFault({
      operationId: 'ManagedClusters_Get',
      kind: 'throttle',
      retryAfterSeconds: 1,
      count: 1,
    });
    expect((await retrying.aks.getCluster(AKS1)).name).toBe('aks1');
    expect(served(sandbox, 'ManagedClusters_Get', 429)).toBe(1);
  });

  it('refuses a cluster list of a subscription outside the allow list before calling ARM', async () => {
    const listing = async (): Promise<void> => {
      const clusters = azure.aks.listClusters(OTHER_SUB)[Symbol.asyncIterator]();
      await clusters.next();
    };
    await rejectsWithCode(listing(), 'FORBIDDEN');
    expect(sandbox.operations()).toHaveLength(0);
  });
});

describe("AksPort against the sandbox's AKS switches", () => {
  const SWITCHED = '00000000-0000-0000-0000-0000000aa003';
  const BUSY = clusterId(SWITCHED, RG, 'busy');
  const FAILING = clusterId(SWITCHED, RG, 'failing');
  const startWith = (wrapped: boolean): Promise<RunningArmEmulator> =>
    startArmEmulator(
      new ScenarioBuilder(SWITCHED)
        .resourceGroup(RG, 'westeurope')
        .aksErrorsWrapped(wrapped)
        .latency({ poolProvisioningMs: 0, poolDeletionMs: 0, lroRetryAfterSeconds: 0 })
        .cluster(RG, {
          name: 'busy',
          kubernetesVersion: '1.32.4',
          pools: [{ name: 'system', osType: 'Linux', mode: 'System' }],
          busy: { forSeconds: 3600 },
        })
        .cluster(RG, {
          name: 'failing',
          kubernetesVersion: '1.32.4',
          pools: [{ name: 'system', osType: 'Linux', mode: 'System' }],
          failNewPools: 'quota',
        })
        .build(),
    );

  it.each([
    ['unwrapped (as AKS answers)', false],
    ['wrapped (the aksErrorsWrapped switch)', true],
  ])(
    'reads a busy cluster answered %s as CLUSTER_OPERATION_IN_PROGRESS',
    async (_shape, wrapped) => {
      const sandbox = await startWith(wrapped);
      try {
        const azure = adaptersFor(sandbox, [SWITCHED]);
        const message = await rejectsWithCode(
          azure.aks.beginCreatePool(BUSY, 'w22a', { osType: 'Windows', osSKU: 'Windows2022' }),
          'CLUSTER_OPERATION_IN_PROGRESS',
        );
        expect(message).toMatch(
          /HTTP 409 OperationNotAllowed: Operation is not allowed because there's an in progress update managed cluster operation \(operation ID: [0-9a-f-]{36}\) on the managed cluster started on UTC \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\./,
        );
        expect(served(sandbox, 'AgentPools_CreateOrUpdate', 409)).toBe(1);
      } finally {
        await sandbox.stop();
      }
    },
  );

  it("reads a new pool's provisioning error once it ended Failed", async () => {
    const sandbox = await startWith(false);
    try {
      const azure = adaptersFor(sandbox, [SWITCHED]);
      await azure.aks.beginCreatePool(FAILING, 'w22a', {
        osType: 'Windows',
        osSKU: 'Windows2022',
        vmSize: 'Standard_D8s_v5',
        count: 3,
      });
      await eventually(async () =>
        expect((await azure.aks.getPool(FAILING, 'w22a'))?.provisioningState).toBe('Failed'),
      );
      const pool = await azure.aks.getPool(FAILING, 'w22a');
      expect(pool?.provisioningError).toEqual({
        code: 'QuotaExceeded',
        message: expect.stringContaining(
          'Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: 100, Current Usage: 100, Additional Required: 24',
        ),
      });
    } finally {
      await sandbox.stop();
    }
  });
});
