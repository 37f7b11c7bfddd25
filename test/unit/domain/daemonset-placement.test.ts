import { describe, expect, it } from '@jest/globals';
import { narrowDaemonSet, widenDaemonSet } from '../../../src/domain/daemonset-placement.js';
import { poolNodeFacts, schedulingProblems } from '../../../src/domain/placement-check.js';
import { applyPlacementPatch, restorePatch } from '../../../src/domain/placement-patch.js';
import {
  placementOriginal,
  type SourcePool,
  type TargetOs,
} from '../../../src/domain/placement.js';
import type { Placement } from '../../../src/domain/scheduling.js';

const source: SourcePool = { poolName: 'win19', osSku: 'Windows2019', build: '10.0.17763' };
const target: TargetOs = { osSku: 'Windows2022', build: '10.0.20348' };
const oldNode = poolNodeFacts({ ...source, nodeLabels: { tier: 'web' } });
const newNode = poolNodeFacts({ poolName: 'w22a', ...target, nodeLabels: { tier: 'web' } });
const otherWindows = poolNodeFacts({ poolName: 'other', ...target, nodeLabels: { tier: 'web' } });
const linux = { labels: { 'kubernetes.io/os': 'linux', agentpool: 'sys' } };

const cases: [string, Placement][] = [
  ['agentpool nodeSelector', { nodeSelector: { agentpool: 'win19' } }],
  [
    'os-sku nodeSelector',
    {
      nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019', 'kubernetes.io/os': 'windows' },
    },
  ],
  ['os selector only', { nodeSelector: { 'kubernetes.io/os': 'windows' } }],
  [
    'affinity with an extra requirement',
    {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'agentpool', operator: 'In', values: ['win19'] },
                  { key: 'tier', operator: 'In', values: ['web'] },
                ],
              },
            ],
          },
        },
      },
    },
  ],
];

const lands = (placement: Placement, node: typeof oldNode | typeof linux): boolean =>
  schedulingProblems(placement, node).length === 0;

describe('DaemonSet widen then narrow', () => {
  it.each(cases)('%s', (_name, placement) => {
    const widened = applyPlacementPatch(
      placement,
      widenDaemonSet(placement, source, target, 'w22a'),
    );
    expect([
      lands(widened, oldNode),
      lands(widened, newNode),
      lands(widened, otherWindows),
      lands(widened, linux),
    ]).toEqual([true, true, false, false]);

    const narrowPatch = narrowDaemonSet(placement, source, target);
    const narrowed = applyPlacementPatch(widened, narrowPatch);
    expect([lands(narrowed, oldNode), lands(narrowed, newNode)]).toEqual([false, true]);
    expect(
      narrowed.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.nodeSelectorTerms ?? [],
    ).not.toContainEqual(
      expect.objectContaining({
        matchExpressions: expect.arrayContaining([
          expect.objectContaining({ values: ['win19', 'w22a'] }),
        ]),
      }),
    );

    const original = placementOriginal(placement);
    const widenPatch = widenDaemonSet(placement, source, target, 'w22a');
    expect(applyPlacementPatch(widened, restorePatch(original, widenPatch))).toEqual(placement);
  });
});
