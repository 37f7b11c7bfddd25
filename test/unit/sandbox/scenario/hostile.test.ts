import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { DEFAULT_SCENARIO_FILE, loadScenarioFile } from '../../../../src/sandbox/index.js';

// scenarios/hostile.yaml (issue 13): several of Azure's refusals at once, for `npm start -- --scenario
// scenarios/hostile.yaml`. It must stay valid and keep its switches on, or the demo shows nothing.
const HOSTILE_FILE = path.join(path.dirname(DEFAULT_SCENARIO_FILE), 'hostile.yaml');

describe('scenarios/hostile.yaml', () => {
  it('loads, and turns on quota, subnet, vault, version and ACR switches on aks-payments and a busy aks-orders', async () => {
    const scenario = await loadScenarioFile(HOSTILE_FILE);
    const [subscription] = scenario.subscriptions;
    expect(subscription?.quotas).toEqual({ westeurope: { standardDSv5Family: 40 } });
    const groups = subscription?.resourceGroups ?? [];
    const subnet = groups.flatMap((g) => g.virtualNetworks ?? []).flatMap((v) => v.subnets)[0];
    expect(subnet?.otherIpConfigurations).toBeGreaterThan(0);
    const vault = groups.flatMap((g) => g.vaults ?? [])[0];
    expect(vault?.accessPolicies?.map((p) => p.objectId)).not.toContain(
      scenario.winshiftPrincipalId,
    );
    expect(scenario.withdrawnKubernetesVersions).toEqual(['1.31.10']);
    expect(
      scenario.registries?.find((r) => r.auth === 'acr')?.azureADAuthenticationAsArmPolicy,
    ).toBe('disabled');
    const clusters = groups.flatMap((g) => g.clusters ?? []);
    expect(clusters.map((c) => c.name)).toEqual(['aks-payments', 'aks-orders']);
    expect(clusters[1]?.busy).toEqual({ forSeconds: 20, from: 'firstWrite' });
    expect(clusters.every((c) => c.pools.some((p) => p.name === 'win19'))).toBe(true);
  });

  it('leaves the default scenario without any of them', async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    expect(scenario.subscriptions[0]?.quotas).toBeUndefined();
    expect(scenario.withdrawnKubernetesVersions).toBeUndefined();
    const clusters = scenario.subscriptions.flatMap((s) =>
      s.resourceGroups.flatMap((g) => g.clusters ?? []),
    );
    expect(clusters.map((c) => c.busy)).toEqual([undefined]);
  });
});
