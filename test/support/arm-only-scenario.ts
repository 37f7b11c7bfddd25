import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  type SandboxScenario,
} from '../../src/sandbox/index.js';

/** scenarios/default.yaml's aks-payments, with the Linux pool `system` and `win19`. */
export const PAYMENTS =
  '/subscriptions/6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments';

/** The default scenario's clusters as ARM lists them, without control planes (only ARM is read). */
export async function armOnlyDefaultScenario(): Promise<SandboxScenario> {
  const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
  return {
    ...scenario,
    subscriptions: scenario.subscriptions.map((subscription) => ({
      ...subscription,
      resourceGroups: subscription.resourceGroups.map((group) => ({
        ...group,
        clusters: group.clusters?.map(({ kubernetes: _kubernetes, ...cluster }) => cluster),
      })),
    })),
  };
}
