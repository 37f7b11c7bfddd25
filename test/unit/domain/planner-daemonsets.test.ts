// A DaemonSet whose new images cannot run on another pool it covers is refused (issue 12 item 6's
// other half: narrowing keeps the DaemonSet on every other pool, but only images with a variant for
// that pool's build can run there).
import { describe, expect, it } from '@jest/globals';
import type { PoolSummary } from '../../../src/domain/azure-facts.js';
import type { ImageChange } from '../../../src/domain/plan.js';
import { daemonSetSpanBlockers } from '../../../src/domain/planner-daemonsets.js';
import type { Placement } from '../../../src/domain/scheduling.js';
import { AGENT, WEB, workload } from './planner-fixture.js';

const CHANGE: ImageChange = {
  container: 'agent',
  init: false,
  from: 'contoso/agent:1.0-ltsc2019',
  to: 'contoso/agent:1.0-ltsc2022',
};
const POOLS: PoolSummary[] = [
  { name: 'system', osType: 'Linux' },
  { name: 'win19', osType: 'Windows', osSku: 'Windows2019' },
  { name: 'win19b', osType: 'Windows', osSku: 'Windows2019' },
  { name: 'old', osType: 'Windows' }, // no osSKU: a Windows Server 2019 pool from before the field
  { name: 'w22x', osType: 'Windows', osSku: 'Windows2022' },
];
const context = (pools: readonly PoolSummary[] = POOLS) => ({
  sourcePool: 'win19',
  targetOsSku: 'Windows2022' as const,
  pools,
  runtimeClasses: {},
});
const OS_SKU = { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/os-sku': 'Windows2019' };

describe('daemonSetSpanBlockers', () => {
  it.each<[string, Placement, string[]]>([
    ['the old OS on every pool of it', { nodeSelector: OS_SKU }, ['old', 'win19b']],
    ['any Windows node', { nodeSelector: { 'kubernetes.io/os': 'windows' } }, ['old', 'win19b']],
    ['its own pool only', { nodeSelector: { 'kubernetes.azure.com/agentpool': 'win19' } }, []],
    [
      'the old pool and a 2022 pool (2022 hosts run the new images)',
      {
        nodeSelector: {
          'kubernetes.io/os': 'windows',
          'kubernetes.azure.com/os-sku': 'Windows2022',
        },
      },
      [],
    ],
  ])('placed on %s: blocks for %j', (_name, placement, pools) => {
    const blockers = daemonSetSpanBlockers(workload(AGENT, { placement }), [CHANGE], context());
    expect(blockers.map((b) => b.code)).toEqual(pools.length > 0 ? ['DAEMONSET_SPANS_POOLS'] : []);
    for (const pool of pools) expect(blockers[0]?.message).toContain(pool);
    if (pools.length > 0) {
      expect(blockers[0]).toMatchObject({ subject: 'DaemonSet shop/agent' });
      expect(blockers[0]?.message).toContain('contoso/agent:1.0-ltsc2022');
    }
  });

  it('lets a DaemonSet whose images need no change go: they run on every build they ran on', () => {
    expect(
      daemonSetSpanBlockers(
        workload(AGENT, { placement: { nodeSelector: OS_SKU } }),
        [],
        context(),
      ),
    ).toEqual([]);
  });

  it('is about DaemonSets only: a Deployment leaves the other pool with its new template', () => {
    expect(
      daemonSetSpanBlockers(
        workload(WEB, { placement: { nodeSelector: OS_SKU } }),
        [CHANGE],
        context(),
      ),
    ).toEqual([]);
  });

  it('stays quiet when no other pool of an older OS is in the cluster', () => {
    const alone = POOLS.filter((p) => p.name !== 'win19b' && p.name !== 'old');
    expect(
      daemonSetSpanBlockers(
        workload(AGENT, { placement: { nodeSelector: OS_SKU } }),
        [CHANGE],
        context(alone),
      ),
    ).toEqual([]);
  });
});
