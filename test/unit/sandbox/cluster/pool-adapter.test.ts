import { describe, expect, it } from '@jest/globals';
import {
  toKubePoolSpec,
  registryImageCatalog,
} from '../../../../src/sandbox/cluster/pool-adapter.js';
import { buildRegistries, createImageLookup } from '../../../../src/sandbox/state/images.js';
import type { PoolNodesSpec } from '../../../../src/sandbox/state/pool-hooks.js';

const windowsPool: PoolNodesSpec = {
  name: 'win22',
  osType: 'Windows',
  osSKU: 'Windows2022',
  count: 2,
  vmSize: 'Standard_D8s_v5',
  orchestratorVersion: '1.31.10',
  mode: 'User',
  availabilityZones: ['1', '2'],
  nodeLabels: { team: 'payments' },
  nodeTaints: ['os=windows:NoSchedule'],
  vmssName: 'aks-win22-12345678-vmss',
  maxPods: 30,
};

describe('ARM pool -> simulated nodes', () => {
  const cases: [string, PoolNodesSpec, Record<string, unknown>][] = [
    [
      'a Windows user pool',
      windowsPool,
      {
        osSku: 'Windows2022',
        mode: 'User',
        maxPods: 30,
        scaleSetName: 'aks-win22-12345678-vmss',
        orchestratorVersion: '1.31.10',
      },
    ],
    [
      'a system pool',
      { ...windowsPool, osType: 'Linux', osSKU: 'Ubuntu', mode: 'System' },
      { osType: 'Linux', osSku: 'Ubuntu', mode: 'System' },
    ],
    ['an unknown mode (as User)', { ...windowsPool, mode: 'Gateway' }, { mode: 'User' }],
    [
      'no maxPods or version (node defaults)',
      { ...windowsPool, maxPods: undefined, orchestratorVersion: '' },
      { maxPods: undefined, orchestratorVersion: undefined },
    ],
  ];
  it.each(cases)('maps %s', (_, pool, expected) => {
    const spec = toKubePoolSpec(pool);
    expect(spec).toMatchObject({
      name: pool.name,
      count: pool.count,
      vmSize: pool.vmSize,
      availabilityZones: pool.availabilityZones,
      nodeLabels: pool.nodeLabels,
      nodeTaints: pool.nodeTaints,
    });
    for (const [key, value] of Object.entries(expected))
      expect(spec[key as keyof typeof spec]).toEqual(value);
  });

  it('answers image look-ups from the emulator registries, tag defaulting to latest', async () => {
    const lookup = createImageLookup(
      buildRegistries([
        {
          host: 'mcr.microsoft.com',
          auth: 'anonymous',
          images: [
            {
              repository: 'windows/nanoserver',
              tag: 'latest',
              variants: [{ os: 'windows', osVersion: '10.0.20348.1', sizeBytes: 100 }],
            },
          ],
        },
      ]),
    );
    const catalog = registryImageCatalog(lookup);
    await expect(catalog.lookup('mcr.microsoft.com/windows/nanoserver')).resolves.toEqual([
      { os: 'windows', osVersion: '10.0.20348.1', sizeBytes: 100 },
    ]);
    await expect(
      catalog.lookup('mcr.microsoft.com/windows/nanoserver:ltsc2019'),
    ).resolves.toBeUndefined();
  });
});
