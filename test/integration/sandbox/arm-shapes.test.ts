import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-0000-0000-00000000eeee';
const RG = 'rg1';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks1`;
const CS = 'api-version=2026-08-01';
// Example keys for features the sandbox does not model (disk encryption, SSH, load balancer details...).
const CLUSTER_EXTRAS = [
  'eTag',
  'properties.diskEncryptionSetID',
  'properties.linuxProfile',
  'properties.agentPoolProfiles.eTag',
  'properties.networkProfile.podCidr',
];

describe('ARM emulator answers raw requests in the shapes of the official examples', () => {
  let sandbox: RunningArmEmulator;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .identity(RG, { name: 'id1' })
      .vault(RG, { name: 'kv1' })
      .virtualNetwork(RG, {
        name: 'vnet1',
        subnets: [{ name: 'subnet1', addressPrefix: '10.0.0.0/16' }],
      })
      .cluster(RG, {
        name: 'aks1',
        kubernetesVersion: '1.31.10',
        pools: [{ name: 'system', osType: 'Linux' }],
      })
      .roleAssignment({
        scope: `/subscriptions/${SUB}`,
        roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        principalId: 'p1',
      })
      .latency({ poolProvisioningMs: 200, poolDeletionMs: 200, lroRetryAfterSeconds: 1 })
      .build();
    sandbox = await startArmEmulator(scenario);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  async function send(
    method: 'GET' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url: `https://management.azure.com${path}`,
      method,
      headers: createHttpHeaders({
        authorization: 'Bearer sandbox:shape-check',
        'content-type': 'application/json',
      }),
    });
    if (body !== undefined) request.body = JSON.stringify(body);
    return sandbox.transport.httpClient.sendRequest(request);
  }

  async function body(
    method: 'GET' | 'PUT' | 'DELETE',
    path: string,
    payload?: unknown,
  ): Promise<Record<string, unknown>> {
    const response = await send(method, path, payload);
    return JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>;
  }

  it.each([
    [
      'containerservice/ManagedClustersList.json',
      `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?${CS}`,
      CLUSTER_EXTRAS.map((key) => `value.${key}`),
    ],
    [
      'containerservice/ManagedClustersListByResourceGroup.json',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters?${CS}`,
      CLUSTER_EXTRAS.map((key) => `value.${key}`),
    ],
    [
      'containerservice/AgentPoolsList.json',
      `${CLUSTER}/agentPools?${CS}`,
      ['value.properties.eTag'],
    ],
    [
      'authorization/RoleAssignments_ListForScope.json',
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
      [],
    ],
    [
      'compute/Usage_List_MaximumSet_Gen.json',
      `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages?api-version=2026-04-01`,
      // One page: the emulator lists every usage at once.
      ['nextLink'],
    ],
    [
      'compute/ListAvailableResourceSkusForARegion.json',
      `/subscriptions/${SUB}/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=${encodeURIComponent("location eq 'eastus'")}`,
      // Zone-level capabilities (UltraSSD) are not modelled.
      ['value.locationInfo.zoneDetails'],
    ],
    [
      'network/SubnetGet.json',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/subnet1?api-version=2024-05-01`,
      [],
    ],
    [
      'compute/VirtualMachineScaleSet_List_MinimumSet_Gen.json',
      `/subscriptions/${SUB}/resourceGroups/MC_${RG}_aks1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2026-04-01`,
      [],
    ],
  ])('%s', async (file, path, ignore) => {
    const actual = await body('GET', path);
    expect(missingKeys(exampleBody(file), actual, ignore)).toEqual([]);
  });

  it('answers an agent pool PUT like AgentPoolsCreate_WindowsOSSKU (201 Creating, LRO headers), then DELETE like AgentPoolsDelete', async () => {
    const path = `${CLUSTER}/agentPools/wnp2?${CS}`;
    const created = await send('PUT', path, {
      properties: { count: 3, osSKU: 'Windows2022', osType: 'Windows', vmSize: 'Standard_D4s_v3' },
    });
    expect(created.status).toBe(201);
    const createdBody = JSON.parse(created.bodyAsText ?? '{}') as Record<string, unknown>;
    expect(
      missingKeys(
        exampleBody('containerservice/AgentPoolsCreate_WindowsOSSKU.json', '201'),
        createdBody,
      ),
    ).toEqual([]);
    expect(createdBody).toMatchObject({
      properties: { provisioningState: 'Creating', osSKU: 'Windows2022' },
    });
    const statusUrl = created.headers.get('azure-asyncoperation') ?? '';
    expect(statusUrl).toMatch(
      new RegExp(
        `^https://management\\.azure\\.com/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operations/[0-9a-f-]{36}\\?${CS}$`,
      ),
    );
    expect(created.headers.get('retry-after')).toBe('1');

    const status = await body('GET', new URL(statusUrl).pathname + new URL(statusUrl).search);
    expect(status).toMatchObject({ status: 'InProgress' });
    const conflict = await send('DELETE', path);
    expect(conflict.status).toBe(409);
    // AKS's own error: its ErrorDetail at the top level, not in ARM's `error` envelope, with AKS's
    // text (src/sandbox/arm/aks-errors.ts, routes/aks-busy.ts).
    expect(JSON.parse(conflict.bodyAsText ?? '{}')).toEqual({
      code: 'OperationNotAllowed',
      message:
        'Operation is not allowed: Another agentpool operation (wnp2 - Creating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
      subcode: '',
      details: [],
    });

    await waitFor(
      async () => (await body('GET', path))['properties'] as Record<string, unknown>,
      (props) => props['provisioningState'] === 'Succeeded',
    );
    const deleted = await send('DELETE', path);
    expect(deleted.status).toBe(202);
    const location = deleted.headers.get('location') ?? '';
    expect(location).toMatch(
      new RegExp(
        `/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operationresults/[0-9a-f-]{36}\\?${CS}$`,
      ),
    );
    expect(deleted.headers.get('azure-asyncoperation')).toMatch(/\/operations\//);
    const running = await send('GET', new URL(location).pathname + new URL(location).search);
    expect(running.status).toBe(202);
    await waitFor(
      async () => (await send('GET', new URL(location).pathname + new URL(location).search)).status,
      (code) => code === 204,
    );
    expect((await send('DELETE', path)).status).toBe(204);
  });

  it('answers an access policy update like updateAccessPoliciesAdd', async () => {
    const example = exampleBody('keyvault-mgmt/updateAccessPoliciesAdd.json');
    const actual = await body(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv1/accessPolicies/add?api-version=2026-02-01`,
      {
        properties: {
          accessPolicies: [
            { tenantId: sandbox.world.tenantId, objectId: 'p2', permissions: { secrets: ['get'] } },
          ],
        },
      },
    );
    expect(missingKeys(example, actual)).toEqual([]);
  });
});

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
