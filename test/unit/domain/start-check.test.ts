import { describe, expect, it } from '@jest/globals';
import type { PoolSummary } from '../../../src/domain/azure-facts.js';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { startCheck, type StartCheckInput } from '../../../src/domain/start-check.js';
import {
  AUTOMATIC_STARTERS,
  isAutomaticStart,
  NEEDS_A_PERSON,
  STARTERS,
} from '../../../src/domain/upgrade-state.js';

const POOLS: readonly PoolSummary[] = [
  { name: 'system', osType: 'Linux', osSku: 'Ubuntu' },
  { name: 'win19', osType: 'Windows', osSku: 'Windows2019' },
  { name: 'win22', osType: 'Windows', osSku: 'Windows2022' },
  { name: 'win25', osType: 'Windows', osSku: 'Windows2025' },
  { name: 'old', osType: 'Windows' },
];

function input(over: Partial<StartCheckInput> & { kubernetesVersion?: string }): StartCheckInput {
  const { kubernetesVersion = '1.31.5', ...rest } = over;
  return {
    cluster: { name: 'aks1', kubernetesVersion, pools: POOLS },
    poolName: 'win19',
    calendar: DEFAULT_CALENDAR,
    now: new Date('2026-11-28T10:00:00Z'),
    checkNewPoolName: true,
    ...rest,
  };
}

describe('startCheck: refuses what cannot run, before anything is written', () => {
  it.each<[string, Partial<StartCheckInput> & { kubernetesVersion?: string }, string, string]>([
    ['an unknown pool', { poolName: 'win20' }, 'poolNotFound', 'NOT_FOUND'],
    ['a Linux pool', { poolName: 'system' }, 'poolNotWindows', 'INVALID_INPUT'],
    [
      'a requested SKU that is the pool’s own',
      { targetOsSku: 'Windows2019' },
      'targetNotNewer',
      'INVALID_INPUT',
    ],
    [
      'a requested SKU older than the pool’s',
      { poolName: 'win22', targetOsSku: 'Windows2019' },
      'targetNotNewer',
      'INVALID_INPUT',
    ],
    [
      'the newest SKU already (no newer one)',
      { poolName: 'win25' },
      'targetUnsupported',
      'OS_SKU_UNSUPPORTED',
    ],
    [
      'Windows2025 on Kubernetes 1.31 (needs 1.32)',
      { poolName: 'win22' },
      'targetUnsupported',
      'OS_SKU_UNSUPPORTED',
    ],
    [
      'a requested Windows2025 on Kubernetes 1.31',
      { targetOsSku: 'Windows2025' },
      'targetUnsupported',
      'OS_SKU_UNSUPPORTED',
    ],
    [
      'a requested Windows2022 on Kubernetes 1.37 (unsupported from 1.37)',
      { kubernetesVersion: '1.37.1', targetOsSku: 'Windows2022' },
      'targetUnsupported',
      'OS_SKU_UNSUPPORTED',
    ],
    ['a new pool name that is taken', { newPoolName: 'win22' }, 'poolNameTaken', 'POOL_EXISTS'],
    [
      'a new pool name taken in another case',
      { newPoolName: 'WIN22' },
      'poolNameTaken',
      'POOL_EXISTS',
    ],
  ])('%s', (_name, over, reason, code) => {
    expect(startCheck(input(over))).toMatchObject({ reason, code, message: expect.any(String) });
  });

  it.each<[string, Partial<StartCheckInput> & { kubernetesVersion?: string }]>([
    ['the next newer SKU by default', {}],
    ['a requested newer SKU', { targetOsSku: 'Windows2022' }],
    ['a requested SKU in any case', { targetOsSku: 'windows2022' }],
    ['2022 -> 2025 on Kubernetes 1.32', { poolName: 'win22', kubernetesVersion: '1.32.2' }],
    ['a free new pool name', { newPoolName: 'w22a' }],
    ['a pool name in another case', { poolName: 'WIN19' }],
    ['a pool without osSKU (the plan reads its nodes)', { poolName: 'old' }],
    [
      'a taken name in a dry run (a blocker of its plan)',
      { newPoolName: 'win22', checkNewPoolName: false },
    ],
  ])('lets %s through', (_name, over) => {
    expect(startCheck(input(over))).toBeUndefined();
  });

  it('names the field and what the cluster has', () => {
    expect(startCheck(input({ poolName: 'win20' }))).toEqual({
      reason: 'poolNotFound',
      code: 'NOT_FOUND',
      path: 'poolName',
      message: 'cluster aks1 has no pool win20 (its pools: system, win19, win22, win25, old)',
    });
    expect(startCheck(input({ targetOsSku: 'Windows2019' }))).toMatchObject({
      path: 'options.targetOsSku',
      message: "targetOsSku Windows2019 is not newer than the pool's Windows2019",
    });
    expect(startCheck(input({ newPoolName: 'win22' }))).toMatchObject({
      path: 'options.newPoolName',
    });
  });

  it('reports the first problem only: a missing pool before anything else', () => {
    expect(startCheck(input({ poolName: 'nope', newPoolName: 'win22' }))?.reason).toBe(
      'poolNotFound',
    );
  });
});

describe('who may restart a pool whose last run needs a person', () => {
  it.each(STARTERS.map((s) => [s]))('%s', (starter) => {
    expect(isAutomaticStart(starter)).toBe(
      (AUTOMATIC_STARTERS as readonly string[]).includes(starter),
    );
  });

  it('Failed and Terminated runs need a person; the others do not', () => {
    expect(NEEDS_A_PERSON).toEqual(['Failed', 'Terminated']);
    expect(AUTOMATIC_STARTERS).toEqual(['fleetScan', 'eventGrid']);
  });
});
