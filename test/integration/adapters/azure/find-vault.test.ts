/**
 * findVault lists vaults per allowed subscription (Vaults_ListBySubscription). The emulator serves
 * that list in one page, so most of this test puts a stand-in for that one route in front of the
 * emulator's transport, rendering the emulator's own vault state with ARM's paging (one vault per
 * page); every other call (Vaults_Get, access policy updates) reaches the emulator. The last test
 * goes to the emulator's own list.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { createAzureAdapters, type AzureAdapters } from '../../../../src/adapters/azure/index.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import { vaultBody } from '../../../../src/sandbox/arm/shapes.js';
import { vaultId } from '../../../../src/sandbox/state/ids.js';
import { rejectsWithCode, WINSHIFT_PRINCIPAL } from './support.js';

const SUB_A = '00000000-0000-0000-0000-0000000cc001';
const SUB_B = '00000000-0000-0000-0000-0000000cc002';
const SUB_C = '00000000-0000-0000-0000-0000000cc003';
const LIST = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults$/i;

describe('KeyVaultPort.findVault across the allowed subscriptions', () => {
  let sandbox: RunningArmEmulator;
  let azure: AzureAdapters;
  const listed: string[] = [];

  /** Vaults_ListBySubscription from the emulator's world, one vault per page. */
  function listVaults(request: PipelineRequest, subscriptionId: string): PipelineResponse {
    listed.push(subscriptionId.toLowerCase());
    const url = new URL(request.url);
    const skip = Number(url.searchParams.get('$skipToken') ?? '0');
    const vaults = [...sandbox.world.vaults.values()].filter((v) =>
      v.id.toLowerCase().startsWith(`/subscriptions/${subscriptionId.toLowerCase()}/`),
    );
    const page = vaults.slice(skip, skip + 1).map(vaultBody);
    url.searchParams.set('$skipToken', String(skip + 1));
    const body =
      skip + 1 < vaults.length ? { value: page, nextLink: url.toString() } : { value: page };
    return {
      request,
      status: 200,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify(body),
    };
  }

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB_A)
      .vault('rg-a', { name: 'kv-a1' })
      .vault('rg-b', { name: 'kv-b1' }, SUB_B)
      .vault(
        'rg-b',
        {
          name: 'Kv-Gmsa',
          enableRbacAuthorization: false,
          accessPolicies: [{ objectId: 'o1', permissions: { secrets: ['get'] } }],
        },
        SUB_B,
      )
      .vault('rg-c', { name: 'kv-hidden' }, SUB_C)
      .build();
    sandbox = await startArmEmulator(scenario);
    const inner = sandbox.transport.httpClient;
    const httpClient: HttpClient = {
      sendRequest: (request) => {
        const match = LIST.exec(new URL(request.url).pathname);
        return match?.[1] && request.method === 'GET'
          ? Promise.resolve(listVaults(request, match[1]))
          : inner.sendRequest(request);
      },
    };
    azure = createAzureAdapters({
      credential: sandbox.credentialFor(WINSHIFT_PRINCIPAL),
      subscriptions: [SUB_A, SUB_B],
      httpClient,
      retryOptions: { maxRetries: 0 },
    });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('finds a vault by name (any casing) on a later page of a later subscription', async () => {
    listed.length = 0;
    const vault = await azure.keyVault.findVault('kv-gmsa');
    expect(vault).toEqual({
      resourceId: vaultId(SUB_B, 'rg-b', 'Kv-Gmsa'),
      name: 'Kv-Gmsa',
      enableRbacAuthorization: false,
      accessPolicies: [{ objectId: 'o1', secretPermissions: ['get'] }],
    });
    expect(listed).toEqual([SUB_A, SUB_B, SUB_B]);
  });

  it('does not look outside the allowed subscriptions', async () => {
    listed.length = 0;
    expect(await azure.keyVault.findVault('kv-hidden')).toBeUndefined();
    expect(listed).not.toContain(SUB_C);
  });

  it('finds a vault whose access policies it then extends through the emulator', async () => {
    const vault = await azure.keyVault.findVault('kv-a1');
    await azure.keyVault.addSecretPermissions(vault!.resourceId, 'o2', ['get', 'list']);
    expect((await azure.keyVault.findVault('kv-a1'))?.accessPolicies).toEqual([
      { objectId: 'o2', secretPermissions: ['get', 'list'] },
    ]);
  });

  it('maps a throttled vault read before an access policy update to TRANSIENT', async () => {
    sandbox.setFault({ operationId: 'Vaults_Get', kind: 'throttle', count: 1 });
    await rejectsWithCode(
      azure.keyVault.addSecretPermissions(vaultId(SUB_A, 'rg-a', 'kv-a1'), 'o3', ['get']),
      'TRANSIENT',
    );
  });

  it("finds a vault through the emulator's own Vaults_ListBySubscription", async () => {
    const direct = createAzureAdapters({
      credential: sandbox.credentialFor(WINSHIFT_PRINCIPAL),
      subscriptions: [SUB_A, SUB_B],
      httpClient: sandbox.transport.httpClient,
      retryOptions: { maxRetries: 0 },
    });
    sandbox.clearOperations();
    expect((await direct.keyVault.findVault('KV-GMSA'))?.resourceId).toBe(
      vaultId(SUB_B, 'rg-b', 'Kv-Gmsa'),
    );
    expect(await direct.keyVault.findVault('kv-hidden')).toBeUndefined();
    expect(
      sandbox.operations().filter((o) => o.operationId === 'Vaults_ListBySubscription').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
