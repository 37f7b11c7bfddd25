import { describe, expect, it } from '@jest/globals';
import { checkPlacement, parseTaint, poolNodeFacts } from '../../../src/domain/placement-check.js';
import {
  applyPlacementPatch,
  restorePatch,
  withRuntimeClass,
} from '../../../src/domain/placement-patch.js';
import {
  rewritePlacement,
  type PlacementPatch,
  type SourcePool,
  type TargetOs,
} from '../../../src/domain/placement.js';
import { mapRuntimeClass, type RuntimeClasses } from '../../../src/domain/runtime-class.js';
import type { NodeSelectorTerm, Placement } from '../../../src/domain/scheduling.js';

const OS_SKU = 'kubernetes.azure.com/os-sku';
const POOL = 'kubernetes.azure.com/agentpool';
const BUILD = 'node.kubernetes.io/windows-build';
const source: SourcePool = {
  poolName: 'win19',
  osSku: 'Windows2019',
  build: '10.0.17763',
  nodeNames: ['akswin19000000', 'akswin19000001'],
};
const target: TargetOs = { osSku: 'Windows2022', build: '10.0.20348' };
const taints = ['os=windows:NoSchedule'];
const oldNode = poolNodeFacts({
  ...source,
  nodeTaints: taints,
  nodeName: 'akswin19000000',
  nodeLabels: { tier: 'web' },
});
const newNode = poolNodeFacts({
  poolName: 'w22a',
  ...target,
  nodeTaints: taints,
  nodeName: 'aksw22a000000',
  nodeLabels: { tier: 'web' },
});
const tolerateWindows = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];

const req = (
  key: string,
  operator: string,
  ...values: string[]
): NonNullable<NodeSelectorTerm['matchExpressions']>[number] =>
  values.length > 0 ? { key, operator, values } : { key, operator };
const required = (...terms: NodeSelectorTerm[]): Placement['affinity'] => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});

interface Case {
  placement: Placement;
  nodeSelector: PlacementPatch['nodeSelector'];
  affinity?: PlacementPatch['affinity'];
}

const cases: [string, Case][] = [
  [
    'plain agentpool nodeSelector',
    {
      placement: {
        nodeSelector: { agentpool: 'win19', 'kubernetes.io/os': 'windows' },
        tolerations: tolerateWindows,
      },
      nodeSelector: { agentpool: null, [OS_SKU]: 'Windows2022' },
    },
  ],
  [
    'every pin in the nodeSelector, os-sku replaced',
    {
      placement: {
        nodeSelector: {
          [POOL]: 'win19',
          [BUILD]: '10.0.17763',
          [OS_SKU]: 'Windows2019',
          tier: 'web',
        },
        tolerations: tolerateWindows,
      },
      nodeSelector: { [POOL]: null, [BUILD]: null, [OS_SKU]: 'Windows2022' },
    },
  ],
  [
    'hostname pin of an old node',
    {
      placement: {
        nodeSelector: { 'kubernetes.io/hostname': 'akswin19000001' },
        tolerations: tolerateWindows,
      },
      nodeSelector: { 'kubernetes.io/hostname': null, [OS_SKU]: 'Windows2022' },
    },
  ],
  [
    'agentpool of another pool is not an old pin (checker reports it)',
    {
      placement: { nodeSelector: { agentpool: 'other' }, tolerations: tolerateWindows },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
    },
  ],
  [
    'two ORed terms, only one pins the old pool: OR with "anywhere" is anywhere',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: required(
          { matchExpressions: [req(POOL, 'In', 'win19')] },
          { matchExpressions: [req('disk', 'In', 'ssd')] },
        ),
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
      affinity: { nodeAffinity: null },
    },
  ],
  [
    'a term that pins the old pool and also requires something else keeps the rest',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: required({
          matchExpressions: [req(BUILD, 'In', '10.0.17763'), req('tier', 'In', 'web')],
        }),
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [req('tier', 'In', 'web')] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: null,
        },
      },
    },
  ],
  [
    'matchFields metadata.name pins old nodes; os-sku NotIn target is dropped too',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: required(
          {
            matchFields: [req('metadata.name', 'In', 'akswin19000000')],
            matchExpressions: [req('tier', 'Exists')],
          },
          { matchExpressions: [req(OS_SKU, 'NotIn', 'Windows2022'), req('zone', 'In', '1')] },
        ),
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [req('tier', 'Exists')] },
              { matchExpressions: [req('zone', 'In', '1')] },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: null,
        },
      },
    },
  ],
  [
    'preferred terms: pins dropped, emptied preferences removed, required untouched',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [req('kubernetes.io/os', 'In', 'windows')] }],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, preference: { matchExpressions: [req('agentpool', 'In', 'win19')] } },
              {
                weight: 10,
                preference: {
                  matchExpressions: [req(BUILD, 'In', '10.0.17763.6054'), req('tier', 'In', 'web')],
                },
              },
            ],
          },
        },
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [req('kubernetes.io/os', 'In', 'windows')] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [req('tier', 'In', 'web')] } },
          ],
        },
      },
    },
  ],
  [
    'affinity without pins is left alone (no affinity in the patch)',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: required({
          matchExpressions: [
            req('kubernetes.io/os', 'In', 'windows'),
            req(POOL, 'NotIn', 'linux1'),
          ],
        }),
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
    },
  ],
  [
    'os-sku In [2019, 2022] is a pin of the old OS',
    {
      placement: {
        tolerations: tolerateWindows,
        affinity: required({ matchExpressions: [req(OS_SKU, 'In', 'Windows2019', 'Windows2022')] }),
      },
      nodeSelector: { [OS_SKU]: 'Windows2022' },
      affinity: { nodeAffinity: null },
    },
  ],
];

describe('rewritePlacement', () => {
  it.each(cases)('%s', (_name, c) => {
    const rewrite = rewritePlacement(c.placement, source, target);
    expect(rewrite.patch.nodeSelector).toEqual(c.nodeSelector);
    expect(rewrite.patch.affinity).toEqual(c.affinity);
    expect(rewrite.original).toEqual({
      nodeSelector: c.placement.nodeSelector ?? null,
      affinity: c.placement.affinity ?? null,
      tolerations: c.placement.tolerations ?? null,
      runtimeClassName: c.placement.runtimeClassName ?? null,
    });
    expect(rewrite.changes.length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '%s: patched template avoids the old pool; restore gives back the original',
    (name, c) => {
      const { patch, original } = rewritePlacement(c.placement, source, target);
      const verdict = checkPlacement(c.placement, patch, newNode, oldNode);
      expect(verdict.avoidsOld).toBe(true);
      expect(verdict.landsOnNew).toBe(!name.includes('another pool'));
      const patched = applyPlacementPatch(c.placement, patch);
      expect(applyPlacementPatch(patched, restorePatch(original, patch))).toEqual(c.placement);
    },
  );

  it('the original placement could not land on the new pool (the rewrite is needed)', () => {
    const placement: Placement = {
      nodeSelector: { agentpool: 'win19' },
      tolerations: tolerateWindows,
    };
    const verdict = checkPlacement(placement, { nodeSelector: {} }, newNode, oldNode);
    expect(verdict).toEqual({
      landsOnNew: false,
      avoidsOld: false,
      reasons: [
        'new pool: nodeSelector does not match',
        'old pool: the patched template can still be scheduled there',
      ],
    });
  });

  it('keeps podAntiAffinity when node affinity is removed', () => {
    const placement: Placement = {
      affinity: {
        ...required({ matchExpressions: [req(POOL, 'In', 'win19')] }),
        podAntiAffinity: { x: 1 },
      },
    };
    const { patch } = rewritePlacement(placement, source, target);
    expect(applyPlacementPatch(placement, patch).affinity).toEqual({ podAntiAffinity: { x: 1 } });
  });
});

describe('checkPlacement', () => {
  it.each<[string, Placement, boolean, string[]]>([
    [
      'untolerated taint',
      { nodeSelector: { agentpool: 'win19' } },
      false,
      ['new pool: taint os=windows:NoSchedule not tolerated'],
    ],
    [
      'Exists toleration',
      { nodeSelector: { agentpool: 'win19' }, tolerations: [{ operator: 'Exists' }] },
      true,
      [],
    ],
    [
      'node label the new pool lacks',
      { nodeSelector: { agentpool: 'win19', tier: 'db' }, tolerations: tolerateWindows },
      false,
      ['new pool: nodeSelector does not match'],
    ],
  ])('%s', (_name, placement, landsOnNew, reasons) => {
    const { patch } = rewritePlacement(placement, source, target);
    const verdict = checkPlacement(placement, patch, newNode, oldNode);
    expect(verdict.landsOnNew).toBe(landsOnNew);
    expect(verdict.reasons).toEqual(reasons);
  });

  it.each([
    ['os=windows:NoSchedule', { key: 'os', value: 'windows', effect: 'NoSchedule' }],
    ['dedicated:NoExecute', { key: 'dedicated', effect: 'NoExecute' }],
    ['a=b:Sometimes', undefined],
    ['novalue', undefined],
  ])('parseTaint(%p)', (text, expected) => {
    expect(parseTaint(text)).toEqual(expected);
  });
});

describe('mapRuntimeClass', () => {
  const classes: RuntimeClasses = {
    'windows-2019': {
      handler: 'runhcs-wcow-process',
      nodeSelector: { 'kubernetes.io/os': 'windows', [BUILD]: '10.0.17763' },
      tolerations: tolerateWindows,
    },
    'windows-2022': {
      handler: 'runhcs-wcow-process',
      nodeSelector: { 'kubernetes.io/os': 'windows', [BUILD]: '10.0.20348' },
      tolerations: tolerateWindows,
    },
    'a-windows-2022-hyperv': {
      handler: 'runhcs-wcow-hypervisor',
      nodeSelector: { [BUILD]: '10.0.20348' },
    },
    'gpu-2019': { handler: 'gpu', nodeSelector: { [OS_SKU]: 'Windows2019', accel: 'gpu' } },
    'gpu-2022-other': { handler: 'gpu', nodeSelector: { [OS_SKU]: 'Windows2022', accel: 'fpga' } },
    'hyperv-2019': { handler: 'runhcs-wcow-hypervisor', nodeSelector: { [BUILD]: '10.0.17763' } },
    generic: { handler: 'runhcs-wcow-process', nodeSelector: { 'kubernetes.io/os': 'windows' } },
  };

  it.each<[string, string | undefined, string, string]>([
    ['no RuntimeClass', undefined, 'keep', ''],
    ['a class that does not pin the build', 'generic', 'keep', 'does not pin'],
    [
      '2019 class maps to the 2022 class with the same handler',
      'windows-2019',
      'map',
      'windows-2022',
    ],
    ['hyper-v handler maps to the hyper-v class', 'hyperv-2019', 'map', 'a-windows-2022-hyperv'],
    ['other selector keys must agree', 'gpu-2019', 'refuse', 'no RuntimeClass with handler "gpu"'],
    ['missing class', 'nope', 'refuse', 'does not exist'],
  ])('%s', (_name, name, action, detail) => {
    const decision = mapRuntimeClass(name, classes, source, target);
    expect(decision.action).toBe(action);
    if (decision.action === 'map') expect(decision.runtimeClassName).toBe(detail);
    else expect(decision.reason).toContain(detail);
  });

  it('a mapped RuntimeClass lets the workload land on the new pool and not on the old', () => {
    const placement: Placement = { runtimeClassName: 'windows-2019' };
    const rewrite = rewritePlacement(placement, source, target);
    const before = checkPlacement(placement, rewrite.patch, newNode, oldNode, classes);
    expect(before.landsOnNew).toBe(false);
    expect(before.reasons).toContain(
      'new pool: RuntimeClass "windows-2019" nodeSelector does not match',
    );
    const decision = mapRuntimeClass('windows-2019', classes, source, target);
    if (decision.action !== 'map') throw new Error('expected a mapping');
    const patch = withRuntimeClass(rewrite.patch, decision.runtimeClassName);
    expect(checkPlacement(placement, patch, newNode, oldNode, classes)).toEqual({
      landsOnNew: true,
      avoidsOld: true,
      reasons: [],
    });
    const patched = applyPlacementPatch(placement, patch);
    expect(applyPlacementPatch(patched, restorePatch(rewrite.original, patch))).toEqual(placement);
  });
});
