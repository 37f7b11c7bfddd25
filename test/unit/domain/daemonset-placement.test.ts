import { describe, expect, it } from '@jest/globals';
import { narrowDaemonSet, widenDaemonSet } from '../../../src/domain/daemonset-placement.js';
import { poolNodeFacts, schedulingProblems } from '../../../src/domain/placement-check.js';
import { applyPlacementPatch, restorePatch } from '../../../src/domain/placement-patch.js';
import {
  placementOriginal,
  type SourcePool,
  type TargetOs,
} from '../../../src/domain/placement.js';
import type { NodeFacts, NodeSelectorTerm, Placement } from '../../../src/domain/scheduling.js';

const source: SourcePool = { poolName: 'win19', osSku: 'Windows2019', build: '10.0.17763' };
const target: TargetOs = { osSku: 'Windows2022', build: '10.0.20348' };
const web = { tier: 'web' };
const NODES: Record<string, NodeFacts> = {
  old: poolNodeFacts({ ...source, nodeLabels: web }),
  new: poolNodeFacts({ poolName: 'w22a', ...target, nodeLabels: web }),
  /** Third Windows pools, neither the old nor the new one: of the new OS and of the old. */
  other22: poolNodeFacts({ poolName: 'other', ...target, nodeLabels: web }),
  other19: poolNodeFacts({ ...source, poolName: 'oth19', nodeLabels: web }),
  linux: { labels: { 'kubernetes.io/os': 'linux', agentpool: 'sys' } },
};

const required = (...terms: NodeSelectorTerm[]): Placement => ({
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  },
});
const pools = (key: string, ...values: string[]) => ({ key, operator: 'In', values });

/** A placement and where else than the old pool its DaemonSet runs before the upgrade. */
const cases: [string, Placement, string[]][] = [
  ['agentpool nodeSelector', { nodeSelector: { agentpool: 'win19' } }, []],
  [
    'os-sku nodeSelector',
    {
      nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019', 'kubernetes.io/os': 'windows' },
    },
    ['other19'],
  ],
  [
    'windows-build nodeSelector',
    { nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' } },
    ['other19'],
  ],
  [
    'os selector only',
    { nodeSelector: { 'kubernetes.io/os': 'windows' } },
    ['new', 'other22', 'other19'],
  ],
  [
    'affinity with an extra requirement',
    required({ matchExpressions: [pools('agentpool', 'win19'), pools('tier', 'web')] }),
    [],
  ],
  [
    'affinity naming the old pool and a third one',
    required({ matchExpressions: [pools('agentpool', 'win19', 'other')] }),
    ['other22'],
  ],
  [
    'two terms: the old pool, or a third one of the old OS',
    required(
      { matchExpressions: [pools('kubernetes.azure.com/agentpool', 'win19')] },
      { matchExpressions: [pools('kubernetes.azure.com/agentpool', 'oth19')] },
    ),
    ['other19'],
  ],
  [
    'os selector and a preference for the old pool',
    {
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [pools('agentpool', 'win19')] } },
          ],
        },
      },
    },
    ['new', 'other22', 'other19'],
  ],
];

const lands = (placement: Placement, node: string): boolean =>
  schedulingProblems(placement, NODES[node] ?? { labels: {} }).length === 0;
const where = (placement: Placement): string[] =>
  Object.keys(NODES).filter((node) => lands(placement, node));
/** The nodes named, in the table's order. */
const nodes = (...names: string[]): string[] => Object.keys(NODES).filter((n) => names.includes(n));

describe('DaemonSet widen then narrow: only the old and new pools change', () => {
  it.each(cases)('%s', (_name, placement, elsewhere) => {
    expect(where(placement)).toEqual(nodes('old', ...elsewhere));

    const widenPatch = widenDaemonSet(placement, source, target, 'w22a');
    const widened = applyPlacementPatch(placement, widenPatch);
    expect(where(widened)).toEqual(nodes('old', 'new', ...elsewhere));

    const narrowed = applyPlacementPatch(
      widened,
      narrowDaemonSet(placement, source, target, 'w22a'),
    );
    expect(where(narrowed)).toEqual(nodes('new', ...elsewhere));
    // Narrowed straight from the original (no widening before) lands the same.
    const direct = applyPlacementPatch(
      placement,
      narrowDaemonSet(placement, source, target, 'w22a'),
    );
    expect(where(direct)).toEqual(nodes('new', ...elsewhere));

    const original = placementOriginal(placement);
    expect(applyPlacementPatch(widened, restorePatch(original, widenPatch))).toEqual(placement);
  });

  it('leaves a DaemonSet that pins nothing of the old pool where it was while widened', () => {
    const placement = { nodeSelector: { 'kubernetes.io/os': 'windows' } };
    expect(
      applyPlacementPatch(placement, widenDaemonSet(placement, source, target, 'w22a')),
    ).toEqual(placement);
  });

  it('narrows by taking the old pool out of a pool list, not by dropping the list', () => {
    const placement = required({ matchExpressions: [pools('agentpool', 'win19', 'other')] });
    const narrowed = applyPlacementPatch(
      placement,
      narrowDaemonSet(placement, source, target, 'w22a'),
    );
    expect(narrowed.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual(
      {
        nodeSelectorTerms: [
          { matchExpressions: [pools('agentpool', 'other')] },
          { matchExpressions: [pools('kubernetes.azure.com/agentpool', 'w22a')] },
        ],
      },
    );
  });
});
