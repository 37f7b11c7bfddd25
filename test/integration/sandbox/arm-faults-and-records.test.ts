import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { parse } from 'yaml';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-0000-0000-00000000dddd';
const RG = 'rg-fleet';
const FAST = { updateIntervalInMs: 5 };
const CONTROL_PLANE = {
  server: 'https://127.0.0.1:6443',
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  token: 'cluster-user-token',
};

describe('ARM emulator: faults, latency, operation record, paging, credentials', () => {
  let sandbox: RunningArmEmulator;
  let client: ContainerServiceClient;
  let noRetry: ContainerServiceClient;

  beforeAll(async () => {
    const builder = new ScenarioBuilder(SUB).clusterPageSize(2);
    builder.cluster(RG, {
      name: 'aks0',
      kubernetesVersion: '1.31.10',
      pools: [{ name: 'system', osType: 'Linux' }],
      controlPlane: CONTROL_PLANE,
    });
    builder.cluster(RG, {
      name: 'aks-aad',
      kubernetesVersion: '1.32.6',
      aadEnabled: true,
      pools: [{ name: 'system', osType: 'Linux' }],
    });
    for (let index = 2; index < 5; index++)
      builder.cluster(RG, {
        name: `aks${index}`,
        kubernetesVersion: '1.31.10',
        pools: [{ name: 'system', osType: 'Linux' }],
      });
    sandbox = await startArmEmulator(builder.build(), {
      defaultControlPlane: { ...CONTROL_PLANE, server: 'https://127.0.0.1:7443' },
    });
    const credential = sandbox.credentialFor('winshift');
    const httpClient = sandbox.transport.httpClient;
    client = new ContainerServiceClient(credential, SUB, {
      httpClient,
      retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    });
    noRetry = new ContainerServiceClient(credential, SUB, {
      httpClient,
      retryOptions: { maxRetries: 0 },
    });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('pages the cluster list with nextLink at the configured page size', async () => {
    sandbox.clearOperations();
    const names: string[] = [];
    for await (const cluster of client.managedClusters.list()) names.push(cluster.name ?? '');
    expect(names).toHaveLength(5);
    expect(
      sandbox.operations().filter((op) => op.operationId === 'ManagedClusters_List'),
    ).toHaveLength(3);
  });

  it('records every operation with method, template, api-version and status', async () => {
    sandbox.clearOperations();
    await client.agentPools.get(RG, 'aks0', 'system');
    await expect(client.agentPools.get(RG, 'aks0', 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
    expect(
      sandbox.operations().map(({ method, operationId, pathTemplate, apiVersion, status }) => ({
        method,
        operationId,
        pathTemplate,
        apiVersion,
        status,
      })),
    ).toEqual([
      {
        method: 'GET',
        operationId: 'AgentPools_Get',
        pathTemplate:
          '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{agentPoolName}',
        apiVersion: '2026-06-01',
        status: 200,
      },
      expect.objectContaining({ operationId: 'AgentPools_Get', status: 404 }),
    ]);
    const admin = await send('GET', '/_sandbox/operations');
    expect((JSON.parse(admin.bodyAsText ?? '{}') as { value: unknown[] }).value).toHaveLength(2);
  });

  it('throttles with 429 + Retry-After, which the SDK pipeline retries', async () => {
    sandbox.clearOperations();
    sandbox.setFault({
      operationId: 'ManagedClusters_Get',
      kind: 'throttle',
      retryAfterSeconds: 1,
      count: 1,
    });
    const started = Date.now();
    const cluster = await client.managedClusters.get(RG, 'aks0');
    expect(cluster.name).toBe('aks0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sandbox.operations().map((op) => op.status)).toEqual([429, 200]);
  });

  it.each([
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
  ] as const)(
    'injects %i, retried by the pipeline when transient, surfaced when it persists',
    async (status, code) => {
      sandbox.setFault({ operationId: 'AgentPools_List', kind: 'serverError', status, count: 1 });
      const names: string[] = [];
      for await (const pool of client.agentPools.list(RG, 'aks0')) names.push(pool.name ?? '');
      expect(names).toEqual(['system']);
      sandbox.setFault({ operationId: 'AgentPools_List', kind: 'serverError', status, count: 1 });
      const error = await (async () => {
        for await (const pool of noRetry.agentPools.list(RG, 'aks0')) void pool;
      })().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: status, code });
    },
  );

  it('injects a 409 and adds latency', async () => {
    sandbox.setFault({
      operationId: 'AgentPools_Delete',
      kind: 'conflict',
      code: 'OperationNotAllowed',
      count: 1,
    });
    await expect(
      noRetry.agentPools.beginDeleteAndWait(RG, 'aks0', 'system', FAST),
    ).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    sandbox.setFault({ operationId: 'AgentPools_Get', kind: 'latency', delayMs: 200, count: 1 });
    const started = Date.now();
    await client.agentPools.get(RG, 'aks0', 'system');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('ends a create LRO Failed with the injected code, set through the admin endpoint', async () => {
    const armed = await send('POST', '/_sandbox/faults', {
      operationId: 'AgentPools_CreateOrUpdate',
      kind: 'lroFailed',
      code: 'QuotaExceeded',
      count: 1,
    });
    expect(armed.status).toBe(201);
    const error = await client.agentPools
      .beginCreateOrUpdateAndWait(
        RG,
        'aks0',
        'win22',
        { osType: 'Windows', osSKU: 'Windows2022', count: 1 },
        FAST,
      )
      .then(
        () => undefined,
        (caught: unknown) => caught as { message: string },
      );
    // core-lro reports a Failed status as an Error whose message carries the operation's error code.
    expect(error?.message).toMatch(/QuotaExceeded/);
    expect((await client.agentPools.get(RG, 'aks0', 'win22')).provisioningState).toBe('Failed');
    const faults = await send('GET', '/_sandbox/faults');
    expect((JSON.parse(faults.bodyAsText ?? '{}') as { value: unknown[] }).value).toEqual([]);
    await client.agentPools.beginDeleteAndWait(RG, 'aks0', 'win22', FAST);
  });

  it('requires a bearer token on ARM calls and records the calling principal', async () => {
    const anonymous = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-06-01`,
      }),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
    sandbox.clearOperations();
    await client.managedClusters.get(RG, 'aks0');
    expect(sandbox.operations().at(-1)).toMatchObject({
      operationId: 'ManagedClusters_Get',
      principalId: 'winshift',
    });
  });

  it('changes latencies through the admin endpoint', async () => {
    const refused = await send('PUT', '/_sandbox/latency', { poolProvisioningMs: -1 });
    expect(refused.status).toBe(400);
    const changed = await send('PUT', '/_sandbox/latency', {
      operationMs: { ManagedClusters_Get: 150 },
    });
    expect(JSON.parse(changed.bodyAsText ?? '{}')).toMatchObject({
      operationMs: { ManagedClusters_Get: 150 },
    });
    const started = Date.now();
    await client.managedClusters.get(RG, 'aks0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await send('PUT', '/_sandbox/latency', { operationMs: {} });
  });

  it('refuses an api-version no installed SDK sends', async () => {
    const response = await send(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks0?api-version=2019-01-01`,
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.bodyAsText ?? '{}')).toMatchObject({
      error: { code: 'NoRegisteredProviderFound' },
    });
  });

  it('returns a kubeconfig for the configured control plane (token user; kubelogin exec for Entra clusters)', async () => {
    const local = await client.managedClusters.listClusterUserCredentials(RG, 'aks0');
    const config = parse(
      Buffer.from(local.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'),
    ) as Record<string, unknown>;
    expect(config).toMatchObject({
      clusters: [
        {
          cluster: {
            server: 'https://127.0.0.1:6443',
            'certificate-authority-data': Buffer.from(CONTROL_PLANE.caPem).toString('base64'),
          },
        },
      ],
      users: [{ user: { token: 'cluster-user-token' } }],
    });
    const aad = await client.managedClusters.listClusterUserCredentials(RG, 'aks-aad');
    const aadConfig = parse(
      Buffer.from(aad.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'),
    ) as {
      users: { user: { exec: { command: string; args: string[] } } }[];
      clusters: { cluster: { server: string } }[];
    };
    expect(aadConfig.users[0]?.user.exec.command).toBe('kubelogin');
    expect(aadConfig.users[0]?.user.exec.args).toContain('6dae42f8-4368-4678-94ff-3960e28e3630');
    expect(aadConfig.clusters[0]?.cluster.server).toBe('https://127.0.0.1:7443');
  });

  it('lists Kubernetes versions and available agent pool versions in the example shapes', async () => {
    const versions = await client.managedClusters.listKubernetesVersions('eastus');
    expect(versions.values?.map((item) => item.version)).toContain('1.31');
    const raw = JSON.parse(
      (
        await send(
          'GET',
          `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions?api-version=2026-08-01`,
        )
      ).bodyAsText ?? '{}',
    ) as Record<string, unknown>;
    expect(
      missingKeys(exampleBody('containerservice/KubernetesVersions_List.json'), raw, [
        'values.isPreview',
      ]),
    ).toEqual([]);
    const available = await client.agentPools.getAvailableAgentPoolVersions(RG, 'aks0');
    expect(available.agentPoolVersions?.map((item) => item.kubernetesVersion)).toContain('1.31.10');
    const rawAvailable = JSON.parse(
      (
        await send(
          'GET',
          `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks0/availableAgentPoolVersions?api-version=2026-08-01`,
        )
      ).bodyAsText ?? '{}',
    ) as Record<string, unknown>;
    expect(
      missingKeys(
        exampleBody('containerservice/AgentPoolsGetAgentPoolAvailableVersions.json'),
        rawAvailable,
        ['properties.agentPoolVersions.isPreview'],
      ),
    ).toEqual([]);
  });

  async function send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url: `https://management.azure.com${path}`,
      method,
      headers: createHttpHeaders({
        authorization: 'Bearer sandbox:winshift',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      }),
    });
    if (body !== undefined) request.body = JSON.stringify(body);
    return sandbox.transport.httpClient.sendRequest(request);
  }
});
