import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createAzureAdapters,
  createCredential,
  createSandboxTransport,
  registryConnectionOf,
  type AzureAdapters,
} from '../../../../src/adapters/azure/index.js';
import type { MappedTransport } from '../../../../src/adapters/connect/index.js';
import { loadConfig, type Config } from '../../../../src/config.js';
import {
  DEFAULT_WINSHIFT_PRINCIPAL_ID,
  ScenarioBuilder,
  startSandbox,
  type RunningSandbox,
} from '../../../../src/sandbox/index.js';
import { rejectsWithCode, served } from './support.js';

const SUB = '00000000-0000-4000-8000-0000000cf001';
const RG = 'rg-config';
const ACR = 'configured.azurecr.io';

// The path composition.ts takes: the sandbox's app settings -> loadConfig -> createCredential and
// createSandboxTransport -> createAzureAdapters. Nothing here is built from the emulator's objects,
// so it shows the settings alone reach ARM, Key Vault and an ACR through the real host names.
describe('Azure adapters built from the sandbox app settings (loadConfig -> factories)', () => {
  let sandbox: RunningSandbox;
  let config: Config;
  let transport: MappedTransport | undefined;
  let azure: AzureAdapters;
  const clusterId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-cfg`;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'northeurope')
      .cluster(RG, {
        name: 'aks-cfg',
        kubernetesVersion: '1.31.10',
        pools: [
          { name: 'system', osType: 'Linux', mode: 'System' },
          { name: 'win19', osType: 'Windows', osSKU: 'Windows2019' },
        ],
      })
      .vault(RG, {
        name: 'kv-cfg',
        accessPolicies: [
          { objectId: DEFAULT_WINSHIFT_PRINCIPAL_ID, permissions: { secrets: ['list'] } },
        ],
        secrets: [{ name: 'gmsa', versions: [{ value: 'secret-value' }] }],
      })
      .registry({
        host: ACR,
        auth: 'acr',
        images: [
          {
            repository: 'apps/api',
            tag: 'v1',
            variants: [{ os: 'windows', osVersion: '10.0.17763.6189', sizeBytes: 100_000_000 }],
          },
        ],
      })
      .build();
    sandbox = await startSandbox({ scenario });
    config = loadConfig({
      ...sandbox.settings,
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      WINSHIFT_TASK_HUB: 'winshift',
    });
    transport = createSandboxTransport(config);
    azure = createAzureAdapters({
      credential: createCredential(config),
      subscriptions: config.subscriptions,
      ...(transport ? { httpClient: transport.httpClient } : {}),
      registryConnection: registryConnectionOf(config),
    });
  });
  afterAll(async () => {
    transport?.agent.destroy();
    await sandbox?.stop();
  });

  it('configures sandbox mode: a mapped transport and the allowed subscription', () => {
    expect(transport).toBeDefined();
    expect(config.subscriptions).toEqual([SUB]);
  });

  it('reads the cluster and lists it as winshift (the static token from the settings)', async () => {
    const facts = await azure.aks.getCluster(clusterId);
    expect(facts).toMatchObject({ name: 'aks-cfg', location: 'northeurope', subscriptionId: SUB });
    expect(facts.pools.map((p) => p.name)).toEqual(['system', 'win19']);
    const listed: string[] = [];
    for await (const cluster of azure.aks.listClusters(SUB)) listed.push(cluster.name);
    expect(listed).toEqual(['aks-cfg']);
    const callers = sandbox.arm
      .operations()
      .filter((op) => op.operationId === 'ManagedClusters_Get')
      .map((op) => op.principalId);
    expect(callers).toEqual([DEFAULT_WINSHIFT_PRINCIPAL_ID]);
  });

  it('finds the vault and a secret by its versions only, never its value', async () => {
    const vault = await azure.keyVault.findVault('kv-cfg');
    expect(vault?.name).toBe('kv-cfg');
    expect(await azure.keyVault.secretExists('https://kv-cfg.vault.azure.net/secrets/gmsa')).toBe(
      true,
    );
    expect(served(sandbox.arm, 'GetSecret')).toBe(0);
  });

  it('looks an image up in an ACR through the Entra exchange with the configured credential', async () => {
    const found = await azure.registry.lookup(`${ACR}/apps/api:v1`);
    expect(found?.variants).toEqual([
      expect.objectContaining({ os: 'windows', osVersion: '10.0.17763.6189' }),
    ]);
    // Refused anonymously, then the Entra token was exchanged for a refresh token.
    expect(served(sandbox.arm, 'Registry_GetManifest', 401)).toBe(1);
    expect(served(sandbox.arm, 'Registry_ExchangeToken', 200)).toBe(1);
  });

  it('reaches the registry only because the settings allow its host (it resolves to 127.0.0.1)', async () => {
    expect(config.registryAllow).toEqual([ACR]);
    const { WINSHIFT_REGISTRY_ALLOW: allowed, ...others } = sandbox.settings;
    expect(allowed).toBe(ACR);
    const strict = loadConfig({
      ...others,
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      WINSHIFT_TASK_HUB: 'winshift',
    });
    const registry = createAzureAdapters({
      credential: createCredential(strict),
      subscriptions: strict.subscriptions,
      registryConnection: registryConnectionOf(strict),
    }).registry;
    sandbox.arm.clearOperations();
    const message = await rejectsWithCode(
      registry.lookup(`${ACR}/apps/api:v1`),
      'REGISTRY_REFUSED',
    );
    expect(message).toContain(`${ACR} resolves to 127.0.0.1, a loopback address`);
    expect(sandbox.arm.operations()).toEqual([]);
  });
});
