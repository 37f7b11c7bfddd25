import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { upgradeTargets } from '../../../src/domain/auto-upgrade.js';
import { compareEntries, entriesOfCluster, summarize } from '../../../src/domain/fleet-report.js';
import type { PoolSummary } from '../../../src/ports/azure.js';
import { cluster, SUB_A } from './fakes.js';

const options = (now: string, windowDays = 90) => ({
  calendar: DEFAULT_CALENDAR,
  windowDays,
  now: new Date(now),
});

const win = (name: string, osSku?: string, orchestratorVersion?: string): PoolSummary => ({
  name,
  osType: 'Windows',
  ...(osSku ? { osSku } : {}),
  ...(orchestratorVersion ? { orchestratorVersion } : {}),
});

describe('fleet report: classification of Windows pools', () => {
  it.each([
    // now, cluster version, pool, status, deadline, reason fragment
    [
      '2025-06-01',
      '1.31.5',
      win('w19', 'Windows2019'),
      'supported',
      '2026-03-01',
      'retires on 2026-03-01',
    ],
    ['2026-01-15', '1.31.5', win('w19', 'Windows2019'), 'retiring', '2026-03-01', 'in 45 days'],
    [
      '2026-04-01',
      '1.31.5',
      win('w19', 'Windows2019'),
      'retired',
      '2027-04-01',
      'was retired on 2026-03-01',
    ],
    ['2025-06-01', '1.33.1', win('w19', 'Windows2019'), 'retired', '2026-03-01', '1.33'],
    ['2025-06-01', '1.31.5', win('w19', 'Windows2019', '1.33.0'), 'retired', '2026-03-01', '1.33'],
    [
      '2026-04-01',
      '1.31.5',
      win('w22', 'Windows2022'),
      'supported',
      '2028-06-30',
      'retires on 2028-06-30',
    ],
    ['2028-05-01', '1.31.5', win('w22', 'Windows2022'), 'retiring', '2028-06-30', 'retires on'],
    [
      '2026-04-01',
      '1.32.0',
      win('w25', 'Windows2025'),
      'supported',
      undefined,
      'no announced retirement',
    ],
    [
      '2026-04-01',
      '1.31.5',
      win('old'),
      'retired',
      '2027-04-01',
      'no osSKU (AKS default Windows2019)',
    ],
    [
      '2026-04-01',
      '1.31.5',
      win('odd', 'Windows2030'),
      'retired',
      undefined,
      'unknown Windows OS SKU',
    ],
  ])('%s on %s: %o is %s', (now, version, pool, status, deadline, reason) => {
    const [entry] = entriesOfCluster(cluster(SUB_A, 'c1', version, [pool]), options(now));
    expect(entry).toMatchObject({ poolName: pool.name, status, subscriptionId: SUB_A });
    expect(entry?.deadline).toBe(deadline);
    expect(entry?.reason).toContain(reason);
    expect(entry?.kubernetesVersion).toBe(pool.orchestratorVersion ?? version);
  });

  it('leaves Linux pools out and counts per status', () => {
    const entries = [
      ...entriesOfCluster(
        cluster(SUB_A, 'c1', '1.31.5', [
          { name: 'sys', osType: 'Linux', osSku: 'Ubuntu' },
          win('w19', 'Windows2019'),
          win('w22', 'Windows2022'),
        ]),
        options('2026-04-01'),
      ),
      ...entriesOfCluster(
        cluster(SUB_A, 'c2', '1.31.5', [win('w19', 'Windows2019')]),
        options('2026-04-01'),
      ),
    ];
    expect(entries.map((e) => e.poolName)).toEqual(['w19', 'w22', 'w19']);
    expect(summarize(entries)).toEqual({
      clusters: 2,
      windowsPools: 3,
      retired: 2,
      retiring: 0,
      supported: 1,
    });
    expect([...entries].sort(compareEntries).map((e) => e.status)).toEqual([
      'retired',
      'retired',
      'supported',
    ]);
  });

  it.each([
    ['off', []],
    ['retired', ['a']],
    ['window', ['a', 'b']],
  ] as const)('policy %s starts upgrades for %o', (policy, pools) => {
    const entries = entriesOfCluster(
      cluster(SUB_A, 'c1', '1.31.5', [
        win('a', 'Windows2019', '1.33.0'),
        win('b', 'Windows2019'),
        win('c', 'Windows2022'),
        win('d', 'Windows2030'),
      ]),
      options('2026-01-15'),
    );
    expect(upgradeTargets(entries, policy).map((t) => t.poolName)).toEqual(pools);
  });
});
