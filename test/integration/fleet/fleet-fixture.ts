// A small ARM-only fleet (no control planes: the fleet scan and AKS events only read ARM), two
// subscriptions, listed two clusters per page.
import { ScenarioBuilder, type Scenario } from '../../../src/sandbox/index.js';

export const SUB_1 = '11111111-0000-4000-8000-000000000001';
export const SUB_2 = '11111111-0000-4000-8000-000000000002';

export function fleetScenario(): Scenario {
  return new ScenarioBuilder(SUB_1)
    .clusterPageSize(2)
    .cluster('rg-a', {
      name: 'aks-a1',
      kubernetesVersion: '1.31.5',
      pools: [
        { name: 'sys', osType: 'Linux', mode: 'System' },
        { name: 'win19', osType: 'Windows', osSKU: 'Windows2019' },
        { name: 'win22', osType: 'Windows', osSKU: 'Windows2022' },
      ],
    })
    .cluster('rg-a', {
      name: 'aks-a2',
      kubernetesVersion: '1.31.5',
      pools: [
        { name: 'sys', osType: 'Linux', mode: 'System' },
        { name: 'win19', osType: 'Windows', osSKU: 'Windows2019' },
      ],
    })
    .cluster('rg-a', {
      name: 'aks-a3',
      kubernetesVersion: '1.31.5',
      pools: [{ name: 'sys', osType: 'Linux', mode: 'System' }],
    })
    .cluster(
      'rg-b',
      {
        name: 'aks-b1',
        kubernetesVersion: '1.32.2',
        pools: [
          { name: 'sys', osType: 'Linux', mode: 'System' },
          {
            name: 'win25',
            osType: 'Windows',
            osSKU: 'Windows2025',
            properties: { enableFIPS: true },
          },
        ],
      },
      SUB_2,
    )
    .build();
}

export const clusterId = (subscription: string, group: string, name: string): string =>
  `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/${name}`;
