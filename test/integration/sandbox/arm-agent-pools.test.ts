import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { createRecordingPoolHooks, type PoolHooks } from '../../../src/sandbox/state/pool-hooks.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-0000-0000-00000000aaaa';
const RG = 'rg-apps';
const FAST = { updateIntervalInMs: 5 };

describe('ARM emulator: managed clusters and agent pools through the real SDK', () => {
  let sandbox: RunningArmEmulator;
  let client: ContainerServiceClient;
  const hooks = createRecordingPoolHooks();

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .cluster(RG, {
        name: 'aks1',
        kubernetesVersion: '1.31.10',
        pools: [
          { name: 'system', osType: 'Linux', mode: 'System' },
          { name: 'win19', osType: 'Windows', osSKU: 'Windows2019', count: 3 },
        ],
      })
      .cluster(RG, {
        name: 'aks-new',
        kubernetesVersion: '1.33.2',
        pools: [{ name: 'system', osType: 'Linux' }],
      })
      .build();
    // The Kubernetes side refuses pools named `boom`, as a node that never registers would.
    const failingHooks: PoolHooks = {
      poolCreated: (clusterId, pool) =>
        pool.name === 'boom'
          ? Promise.reject(new Error('nodes did not register'))
          : hooks.poolCreated(clusterId, pool),
      poolDeleted: (clusterId, poolName) => hooks.poolDeleted(clusterId, poolName),
    };
    sandbox = await startArmEmulator(scenario, { hooks: failingHooks });
    client = new ContainerServiceClient(sandbox.credentialFor('winshift'), SUB, {
      httpClient: sandbox.transport.httpClient,
    });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('gets a cluster in the shape of the example, with its pools and node resource group', async () => {
    const cluster = await client.managedClusters.get(RG, 'aks1');
    expect(cluster.kubernetesVersion).toBe('1.31.10');
    expect(cluster.nodeResourceGroup).toBe(`MC_${RG}_aks1_eastus`);
    expect(cluster.agentPoolProfiles?.map((pool) => pool.name)).toEqual(['system', 'win19']);
    const raw = await rawGet(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks1?api-version=2026-08-01`,
    );
    const example = exampleBody('containerservice/ManagedClustersGet.json');
    expect(
      missingKeys(example, raw, [
        'eTag',
        'properties.diskEncryptionSetID',
        'properties.linuxProfile',
        'properties.upgradeSettings',
        'properties.agentPoolProfiles.eTag',
        'properties.agentPoolProfiles.availabilityZones',
        'properties.networkProfile.loadBalancerProfile',
        'properties.networkProfile.ipFamilies',
        'properties.networkProfile.podCidr',
        'properties.networkProfile.podCidrs',
        'properties.networkProfile.serviceCidrs',
      ]),
    ).toEqual([]);
  });

  it('lists clusters of the subscription and of a resource group', async () => {
    const all: string[] = [];
    for await (const cluster of client.managedClusters.list()) all.push(cluster.name ?? '');
    expect(all.sort()).toEqual(['aks-new', 'aks1']);
    const inGroup: string[] = [];
    for await (const cluster of client.managedClusters.listByResourceGroup(RG))
      inGroup.push(cluster.name ?? '');
    expect(inGroup).toHaveLength(2);
  });

  it('answers a missing cluster with ARM 404 ResourceNotFound', async () => {
    await expect(client.managedClusters.get(RG, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('gets and lists pools in the example shapes', async () => {
    const pool = await client.agentPools.get(RG, 'aks1', 'win19');
    expect(pool.osSKU).toBe('Windows2019');
    expect(pool.provisioningState).toBe('Succeeded');
    const raw = await rawGet(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks1/agentPools/win19?api-version=2026-08-01`,
    );
    expect(
      missingKeys(exampleBody('containerservice/AgentPoolsGet.json'), raw, ['properties.eTag']),
    ).toEqual([]);
    const names: string[] = [];
    for await (const item of client.agentPools.list(RG, 'aks1')) names.push(item.name ?? '');
    expect(names).toEqual(['system', 'win19']);
  });

  it('creates a Windows pool through the LRO: 201 Creating, nodes hook, then Succeeded; its VMSS exists', async () => {
    const created = await client.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'aks1',
      'win22',
      {
        osType: 'Windows',
        osSKU: 'Windows2022',
        count: 2,
        vmSize: 'Standard_D4s_v5',
        mode: 'User',
      },
      FAST,
    );
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.osSKU).toBe('Windows2022');
    expect(hooks.events).toContainEqual(
      expect.objectContaining({ kind: 'created', poolName: 'win22' }),
    );
    const put = sandbox.operations().find((op) => op.operationId === 'AgentPools_CreateOrUpdate');
    expect(put).toMatchObject({ method: 'PUT', status: 201, apiVersion: '2026-06-01' });
    expect(
      sandbox.operations().some((op) => op.operationId === 'ContainerServiceOperationStatus_Get'),
    ).toBe(true);
    const vmss = [...sandbox.world.vmss.values()].find((item) => item.poolName === 'win22');
    expect(vmss?.resourceGroup).toBe(`MC_${RG}_aks1_eastus`);
    expect(vmss?.sku.capacity).toBe(2);
  });

  it('updates an existing pool with 200 and deletes it through the LRO (202, then 204 when gone)', async () => {
    const updated = await client.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'aks1',
      'win22',
      { osType: 'Windows', osSKU: 'Windows2022', count: 4 },
      FAST,
    );
    expect(updated.count).toBe(4);
    await client.agentPools.beginDeleteAndWait(RG, 'aks1', 'win22', FAST);
    expect(hooks.events.at(-1)).toMatchObject({ kind: 'deleted', poolName: 'win22' });
    await expect(client.agentPools.get(RG, 'aks1', 'win22')).rejects.toMatchObject({
      statusCode: 404,
    });
    expect([...sandbox.world.vmss.values()].some((item) => item.poolName === 'win22')).toBe(false);
    const deletes = sandbox.operations().filter((op) => op.operationId === 'AgentPools_Delete');
    expect(deletes.map((op) => op.status)).toEqual([202]);
  });

  it.each([
    [
      'a Windows name longer than 6 characters',
      'winpool22',
      { osType: 'Windows', osSKU: 'Windows2022' },
      'InvalidParameter',
      /name/,
    ],
    [
      'a Windows name starting with a digit',
      '2win',
      { osType: 'Windows', osSKU: 'Windows2022' },
      'InvalidParameter',
      /name/,
    ],
    [
      'Windows2019 on Kubernetes 1.33',
      'win19',
      { osType: 'Windows', osSKU: 'Windows2019', orchestratorVersion: '1.33.2' },
      'InvalidParameter',
      /Windows2019/,
    ],
    [
      'Windows2025 below Kubernetes 1.32',
      'win25',
      { osType: 'Windows', osSKU: 'Windows2025', enableFIPS: true },
      'InvalidParameter',
      /Kubernetes version 1\.31/,
    ],
    [
      'Windows2025 without the FIPS image',
      'win25',
      { osType: 'Windows', osSKU: 'Windows2025', orchestratorVersion: '1.33.2' },
      'InvalidParameter',
      /enableFIPS/,
    ],
  ] as const)(
    'refuses %s with 400 and ARM error envelope',
    async (_label, name, properties, code, message) => {
      const cluster = 'orchestratorVersion' in properties ? 'aks-new' : 'aks1';
      const error = await client.agentPools
        .beginCreateOrUpdateAndWait(RG, cluster, name, { ...properties }, FAST)
        .then(
          () => undefined,
          (caught: unknown) => caught as { statusCode?: number; code?: string; message: string },
        );
      expect(error).toMatchObject({ statusCode: 400, code });
      expect(error?.message).toMatch(message);
    },
  );

  it("refuses to change a Windows pool's osSKU in place", async () => {
    await expect(
      client.agentPools.beginCreateOrUpdateAndWait(
        RG,
        'aks1',
        'win19',
        { osType: 'Windows', osSKU: 'Windows2022' },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PropertyChangeNotAllowed' });
  });

  it('ends the create LRO Failed when the pool hook fails, and reports the pool Failed', async () => {
    const error = await client.agentPools
      .beginCreateOrUpdateAndWait(
        RG,
        'aks1',
        'boom',
        { osType: 'Windows', osSKU: 'Windows2022', count: 1 },
        FAST,
      )
      .then(
        () => undefined,
        (caught: unknown) => caught as { message: string },
      );
    expect(error?.message).toMatch(/ProvisioningFailed.*nodes did not register/);
    const failed = await client.agentPools.get(RG, 'aks1', 'boom');
    expect(failed.provisioningState).toBe('Failed');
    // AKS keeps the reason with the pool (AgentPoolStatus.provisioningError).
    expect(failed.status?.provisioningError).toMatchObject({
      code: 'ProvisioningFailed',
      message: expect.stringContaining('nodes did not register'),
    });
    await client.agentPools.beginDeleteAndWait(RG, 'aks1', 'boom', FAST);
  });

  it('refuses a create-only PUT (If-None-Match: *) on an existing pool with 412', async () => {
    await expect(
      client.agentPools.beginCreateOrUpdateAndWait(
        RG,
        'aks1',
        'win19',
        { osType: 'Windows', osSKU: 'Windows2019' },
        { ...FAST, ifNoneMatch: '*' },
      ),
    ).rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
  });

  /** Starts creating a one-node Windows2022 pool; resolves with its poller once AKS accepted it. */
  function beginWindowsPool(
    cluster: string,
    name: string,
  ): ReturnType<ContainerServiceClient['agentPools']['beginCreateOrUpdate']> {
    const pool = { osType: 'Windows', osSKU: 'Windows2022', count: 1 } as const;
    return client.agentPools.beginCreateOrUpdate(RG, cluster, name, pool, FAST);
  }

  it('answers 409 OperationNotAllowed while another operation runs on the pool or another pool of the cluster', async () => {
    // Long enough that the create is surely still running when the delete arrives, even on a busy machine.
    sandbox.setLatency({ poolProvisioningMs: 600 });
    const poller = await beginWindowsPool('aks1', 'busy');
    await expect(
      client.agentPools.beginDeleteAndWait(RG, 'aks1', 'busy', FAST),
    ).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    // AKS serializes per cluster: another pool waits too (routes/aks-busy.ts), another cluster not.
    await expect(beginWindowsPool('aks1', 'other')).rejects.toMatchObject({
      statusCode: 409,
      code: 'OperationNotAllowed',
      message: expect.stringContaining(
        'Another agentpool operation (busy - Creating) is in progress',
      ),
    });
    await expect(
      client.agentPools.beginDeleteAndWait(RG, 'aks1', 'win19', FAST),
    ).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    const elsewhere = await beginWindowsPool('aks-new', 'other');
    sandbox.setLatency({ poolProvisioningMs: 30 });
    expect((await poller.pollUntilDone()).provisioningState).toBe('Succeeded');
    expect((await elsewhere.pollUntilDone()).provisioningState).toBe('Succeeded');
    await client.agentPools.beginDeleteAndWait(RG, 'aks1', 'busy', FAST);
    await client.agentPools.beginDeleteAndWait(RG, 'aks-new', 'other', FAST);
  });

  async function rawGet(path: string): Promise<Record<string, unknown>> {
    const response = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: `https://management.azure.com${path}`,
        headers: createHttpHeaders({ authorization: 'Bearer sandbox:winshift' }),
      }),
    );
    expect(response.status).toBe(200);
    return JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>;
  }
});
