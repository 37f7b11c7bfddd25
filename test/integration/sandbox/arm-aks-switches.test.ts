// The AKS answers of issue 13 in the ARM emulator, over raw HTTPS: AKS's errors unwrapped (ARM's
// own stay wrapped) and the switch that wraps them, the "busy cluster" switch, and new pools that
// end Failed with a provisioning error. Sources in src/sandbox/arm/aks-errors.ts,
// routes/aks-busy.ts and state/pool-failures.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import type { ClusterSpec } from '../../../src/sandbox/state/scenario.js';

const SUB = '00000000-0000-0000-0000-00000000cccc';
const RG = 'rg1';
const CS = 'api-version=2026-08-01';
const clusterPath = (name: string): string =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const WINDOWS_POOL = { properties: { osType: 'Windows', osSKU: 'Windows2022', count: 2 } };
const CLUSTER_BUSY =
  /^Operation is not allowed because there's an in progress update managed cluster operation \(operation ID: [0-9a-f-]{36}\) on the managed cluster started on UTC \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\. Please wait for it to finish before starting a new operation\. You can also use 'az aks operation-abort \.\.\.' to abort the ongoing operation\.$/;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

function cluster(name: string, extra: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name,
    kubernetesVersion: '1.31.10',
    pools: [{ name: 'system', osType: 'Linux', mode: 'System' }],
    ...extra,
  };
}

async function start(wrapped = false): Promise<RunningArmEmulator> {
  return startArmEmulator(
    new ScenarioBuilder(SUB)
      .aksErrorsWrapped(wrapped)
      .latency({ poolProvisioningMs: 100, poolDeletionMs: 50, lroRetryAfterSeconds: 0 })
      .cluster(RG, cluster('aks1'))
      .cluster(RG, cluster('updating', { busy: { forSeconds: 3600 } }))
      .cluster(RG, cluster('addon', { busy: { forSeconds: 1, from: 'firstWrite' } }))
      .cluster(RG, cluster('full', { failNewPools: 'allocation' }))
      .build(),
  );
}

async function send(
  sandbox: RunningArmEmulator,
  method: 'GET' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
): Promise<Answer> {
  const request = createPipelineRequest({
    url: `https://management.azure.com${path}${path.includes('?') ? '' : `?${CS}`}`,
    method,
    headers: createHttpHeaders({
      authorization: 'Bearer sandbox:switch-check',
      'content-type': 'application/json',
    }),
  });
  if (payload !== undefined) request.body = JSON.stringify(payload);
  const response = await sandbox.transport.httpClient.sendRequest(request);
  return {
    status: response.status,
    body: JSON.parse(response.bodyAsText || '{}') as Record<string, unknown>,
    headers: response.headers.toJSON(),
  };
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the ARM emulator answers as AKS does (issue 13)', () => {
  let sandbox: RunningArmEmulator;
  beforeAll(async () => {
    sandbox = await start();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it("sends AKS's errors unwrapped, ARM's own in ARM's envelope", async () => {
    expect(await send(sandbox, 'GET', `${clusterPath('aks1')}/agentPools/nope`)).toMatchObject({
      status: 404,
      body: { code: 'NotFound', message: "Agent pool 'nope' was not found.", subcode: '' },
    });
    expect(await send(sandbox, 'GET', clusterPath('nope'))).toMatchObject({
      status: 404,
      body: { error: { code: 'ResourceNotFound' } },
    });
  });

  it('refuses every pool write on a cluster busy with an operation of its own, and shows it Updating', async () => {
    const path = clusterPath('updating');
    const refused = await send(sandbox, 'PUT', `${path}/agentPools/w22a`, WINDOWS_POOL);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      code: 'OperationNotAllowed',
      message: expect.stringMatching(CLUSTER_BUSY),
      subcode: '',
      details: [],
    });
    expect((await send(sandbox, 'DELETE', `${path}/agentPools/system`)).status).toBe(409);
    expect(await send(sandbox, 'GET', path)).toMatchObject({
      body: { properties: { provisioningState: 'Updating' } },
    });
    // A request AKS finds invalid is refused as such first.
    expect(
      (await send(sandbox, 'PUT', `${path}/agentPools/windows19`, WINDOWS_POOL)).body,
    ).toMatchObject({ code: 'InvalidParameter' });
  });

  it('opens a busy window at the first write (refusing it) and lets writes through once it has ended', async () => {
    const path = clusterPath('addon');
    expect(await send(sandbox, 'GET', path)).toMatchObject({
      body: { properties: { provisioningState: 'Succeeded' } },
    });
    const first = await send(sandbox, 'PUT', `${path}/agentPools/w22a`, WINDOWS_POOL);
    expect(first).toMatchObject({ status: 409, body: { code: 'OperationNotAllowed' } });
    const later = await until(
      () => send(sandbox, 'PUT', `${path}/agentPools/w22a`, WINDOWS_POOL),
      (answer) => answer.status !== 409,
    );
    expect(later.status).toBe(201);
  });

  it('ends a new pool Failed with its provisioning error, in the pool and in the operation status', async () => {
    const path = `${clusterPath('full')}/agentPools/w22a`;
    const created = await send(sandbox, 'PUT', path, WINDOWS_POOL);
    expect(created).toMatchObject({
      status: 201,
      body: { properties: { provisioningState: 'Creating' } },
    });
    const error = {
      code: 'AllocationFailed',
      message:
        'Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance',
    };
    const statusUrl = new URL(created.headers['azure-asyncoperation'] ?? '');
    const operation = await until(
      () => send(sandbox, 'GET', statusUrl.pathname + statusUrl.search),
      (answer) => answer.body['status'] !== 'InProgress',
    );
    expect(operation.body).toMatchObject({ status: 'Failed', error });
    expect((await send(sandbox, 'GET', path)).body).toMatchObject({
      properties: { provisioningState: 'Failed', status: { provisioningError: error } },
    });
    // A Failed pool can be deleted: nothing runs on the cluster any more.
    expect((await send(sandbox, 'DELETE', path)).status).toBe(202);
  });
});

describe('the aksErrorsWrapped switch', () => {
  it("sends AKS's errors in ARM's envelope, as the spec declares them", async () => {
    const sandbox = await start(true);
    try {
      const refused = await send(
        sandbox,
        'PUT',
        `${clusterPath('updating')}/agentPools/w22a`,
        WINDOWS_POOL,
      );
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        error: { code: 'OperationNotAllowed', message: expect.stringMatching(CLUSTER_BUSY) },
      });
    } finally {
      await sandbox.stop();
    }
  });
});
