import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AzureAdapters } from '../../../../src/adapters/azure/index.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import { clusterId } from '../../../../src/sandbox/state/ids.js';
import { adaptersFor, rejectsWithCode, served } from './support.js';

const SUB = '00000000-0000-0000-0000-0000000cc001';
const RG = 'rg-cap';
const AKS = clusterId(SUB, RG, 'aks-cap');
const VNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-cap`;
const WIN_SUBNET = `${VNET}/subnets/snet-win`;
const SYS_SUBNET = `${VNET}/subnets/snet-sys`;

// The preflight's reads (issue 13 items 5 and 6) through the real SDKs against the emulator, whose
// answers are counted from its world: 2 x Standard_D4s_v5 + 3 x Standard_D8s_v5 = 32 DSv5 vCPUs, and
// win19's 3 nodes x (maxPods 30 + 1) = 93 addresses of snet-win (Azure CNI).
describe('PreflightPort against the ARM emulator', () => {
  let sandbox: RunningArmEmulator;
  let azure: AzureAdapters;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'westeurope')
      .virtualNetwork(RG, {
        name: 'vnet-cap',
        subnets: [
          { name: 'snet-sys', addressPrefix: '10.1.0.0/24' },
          { name: 'snet-win', addressPrefix: '10.2.0.0/25', otherIpConfigurations: 2 },
        ],
      })
      .quota('westeurope', 'standardDSv5Family', 40)
      .withdrawKubernetesVersions('1.31.10')
      .cluster(RG, {
        name: 'aks-cap',
        kubernetesVersion: '1.31.11',
        pools: [
          {
            name: 'system',
            osType: 'Linux',
            mode: 'System',
            count: 2,
            vmSize: 'Standard_D4s_v5',
            properties: { maxPods: 110, vnetSubnetID: SYS_SUBNET },
          },
          {
            name: 'win19',
            osType: 'Windows',
            osSKU: 'Windows2019',
            count: 3,
            vmSize: 'Standard_D8s_v5',
            orchestratorVersion: '1.31.10',
            properties: { maxPods: 30, vnetSubnetID: WIN_SUBNET },
          },
        ],
      })
      .build();
    sandbox = await startArmEmulator(scenario);
    azure = adaptersFor(sandbox, [SUB]);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearOperations();
  });

  it("lists the region's vCPU usages, counted from its scale sets, with the scenario's limits", async () => {
    const usages = await azure.preflight.listComputeUsages(SUB, 'westeurope');
    expect(usages).toEqual(
      expect.arrayContaining([
        { name: 'standardDSv5Family', currentValue: 32, limit: 40 },
        { name: 'cores', currentValue: 32, limit: 350 },
        { name: 'lowPriorityCores', currentValue: 0, limit: 350 },
      ]),
    );
    expect(served(sandbox, 'Usage_List', 200)).toBe(1);
    // Another region of the subscription runs nothing.
    const elsewhere = await azure.preflight.listComputeUsages(SUB, 'northeurope');
    expect(elsewhere.find((u) => u.name === 'cores')).toEqual({
      name: 'cores',
      currentValue: 0,
      limit: 350,
    });
  });

  it("finds a VM size's family and vCPUs in the location's resource SKUs", async () => {
    await expect(azure.preflight.findVmSize(SUB, 'westeurope', 'standard_d8s_v5')).resolves.toEqual(
      { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vCpus: 8 },
    );
    await expect(
      azure.preflight.findVmSize(SUB, 'westeurope', 'Standard_NC96ads_A100_v4'),
    ).resolves.toBeUndefined();
    const skus = sandbox.operations().filter((op) => op.operationId === 'ResourceSkus_List');
    expect(skus.map((op) => op.apiVersion)).toEqual(['2021-07-01', '2021-07-01']);
  });

  it('reads a subnet: its prefix and one IP configuration per address in use', async () => {
    await expect(azure.preflight.getSubnet(WIN_SUBNET)).resolves.toEqual({
      id: WIN_SUBNET,
      addressPrefixes: ['10.2.0.0/25'],
      usedIpConfigurations: 3 * 31 + 2,
    });
    await expect(azure.preflight.getSubnet(SYS_SUBNET)).resolves.toMatchObject({
      usedIpConfigurations: 2 * 111,
    });
    await rejectsWithCode(azure.preflight.getSubnet(`${VNET}/subnets/nope`), 'NOT_FOUND');
    await rejectsWithCode(
      azure.preflight.getSubnet('/subscriptions/x/not-a-subnet'),
      'INVALID_INPUT',
    );
  });

  it('lists the versions offered for new pools: none above the control plane, none withdrawn', async () => {
    const versions = (await azure.preflight.listAgentPoolVersions(AKS)).map((v) => v.version);
    expect(versions).toContain('1.31.11');
    expect(versions).toContain('1.30.14');
    expect(versions).not.toContain('1.31.10');
    expect(versions).not.toContain('1.32.6');
  });

  it('reports a refused read as FORBIDDEN, which the plan turns into a warning', async () => {
    sandbox.setFault({ operationId: 'Usage_List', kind: 'forbidden', count: 1 });
    await rejectsWithCode(azure.preflight.listComputeUsages(SUB, 'westeurope'), 'FORBIDDEN');
    expect(served(sandbox, 'Usage_List', 403)).toBe(1);
  });

  it("refuses a pool AKS has no room or version for, at the PUT, with winshift's codes", async () => {
    const pool = {
      osType: 'Windows',
      osSKU: 'Windows2022',
      mode: 'User',
      count: 3,
      maxPods: 30,
      orchestratorVersion: '1.31.11',
    };
    const put = (name: string, spec: Record<string, unknown>): Promise<void> =>
      azure.aks.beginCreatePool(AKS, name, spec);
    // 3 x 8 = 24 vCPUs of standardDSv5Family, 8 free.
    const quota = await rejectsWithCode(
      put('w22a', { ...pool, vmSize: 'Standard_D8s_v5' }),
      'VCPU_QUOTA_EXCEEDED',
    );
    expect(quota).toContain('requested 24, remaining 8 for family standardDSv5Family');
    // A Standard_D4s_v3 pool fits the quota; snet-win has 123 - 95 = 28 addresses, it needs 93.
    const subnet = await rejectsWithCode(
      put('w22b', { ...pool, vmSize: 'Standard_D4s_v3', vnetSubnetID: WIN_SUBNET }),
      'SUBNET_FULL',
    );
    expect(subnet).toContain('Pre-allocated IPs 93 exceeds IPs available 28');
    const version = await rejectsWithCode(
      put('w22c', { ...pool, vmSize: 'Standard_D4s_v3', orchestratorVersion: '1.31.10' }),
      'KUBERNETES_VERSION_UNAVAILABLE',
    );
    expect(version).toContain('Version 1.31.10 is not supported in this region');
    expect(served(sandbox, 'AgentPools_CreateOrUpdate', 400)).toBe(3);
    expect(await azure.aks.getPool(AKS, 'w22a')).toBeUndefined();
  });
});
