import { describe, expect, it } from '@jest/globals';
import { planPull, type NodePlatform } from '../../../src/sandbox/kube/compatibility.js';
import { normalizeImageRef, type ImageVariant } from '../../../src/sandbox/kube/image-catalog.js';
import { nodeName, parseTaint, scaleSetName } from '../../../src/sandbox/kube/node-object.js';

const win = (build: string): NodePlatform => ({ os: 'windows', windowsBuild: build });
const image = (osVersion: string): ImageVariant => ({ os: 'windows', osVersion, sizeBytes: 1 });
const linux: ImageVariant = { os: 'linux', sizeBytes: 1 };

// The host/container rule the simulated nodes apply (DESIGN section 1).
describe('sandbox nodes: which image variant a node runs', () => {
  it.each([
    ['2019 host, 2019 image', 'run', win('10.0.17763'), [image('10.0.17763.6414')]],
    [
      '2019 host, 2022 single-platform image',
      'os-mismatch',
      win('10.0.17763'),
      [image('10.0.20348.1')],
    ],
    [
      '2022 host, 2019 single-platform image',
      'os-mismatch',
      win('10.0.20348'),
      [image('10.0.17763.1')],
    ],
    [
      '2022 host, index 2019 + linux',
      'no-matching-platform',
      win('10.0.20348'),
      [image('10.0.17763.1'), linux],
    ],
    [
      '2022 host, index 2019 + 2022',
      'run',
      win('10.0.20348'),
      [image('10.0.17763.1'), image('10.0.20348.9')],
    ],
    ['2025 host, 2022 image', 'run', win('10.0.26100'), [image('10.0.20348.9')]],
    ['2025 host, 2019 image', 'os-mismatch', win('10.0.26100'), [image('10.0.17763.9')]],
    ['2022 host, 2025 image', 'os-mismatch', win('10.0.20348'), [image('10.0.26100.9')]],
    ['Windows host, Linux image', 'no-matching-platform', win('10.0.20348'), [linux]],
    ['Linux host, Linux image', 'run', { os: 'linux' } as const, [linux]],
    [
      'Linux host, Windows image',
      'no-matching-platform',
      { os: 'linux' } as const,
      [image('10.0.20348.9')],
    ],
    ['unknown image', 'not-found', win('10.0.20348'), undefined],
  ] as const)('%s -> %s', (_, expected, node, variants) => {
    expect(planPull(node, variants).kind).toBe(expected);
  });

  it('names nodes and scale sets like AKS and parses AKS taints', () => {
    const windows = {
      name: 'win19',
      osType: 'Windows',
      osSku: 'Windows2019',
      count: 1,
      vmSize: 'x',
      mode: 'User',
    } as const;
    expect(nodeName(windows, 0)).toBe('akswin19000000');
    expect(nodeName(windows, 37)).toBe('akswin19000011');
    expect(scaleSetName({ ...windows, name: 'system', osType: 'Linux', osSku: 'Ubuntu' })).toMatch(
      /^aks-system-\d{8}-vmss$/,
    );
    expect(parseTaint('sku=gpu:NoSchedule')).toEqual({
      key: 'sku',
      value: 'gpu',
      effect: 'NoSchedule',
    });
    expect(parseTaint('dedicated:NoExecute')).toEqual({ key: 'dedicated', effect: 'NoExecute' });
    expect(() => parseTaint('bad')).toThrow(/invalid node taint/);
    expect(normalizeImageRef('contoso.azurecr.io:5000/app')).toBe(
      'contoso.azurecr.io:5000/app:latest',
    );
    expect(normalizeImageRef('mcr.microsoft.com/windows/nanoserver:ltsc2022')).toBe(
      'mcr.microsoft.com/windows/nanoserver:ltsc2022',
    );
  });
});
