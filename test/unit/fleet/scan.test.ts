import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { silentLog } from '../../../src/activities/shared/log.js';
import { createFleetActivities, type FleetDeps } from '../../../src/activities/fleet/index.js';
import {
  FLEET_ACTIVITY,
  type FleetScanInput,
  type FleetScanOutput,
} from '../../../src/workflow/contracts/index.js';
import { createRateLimiter } from '../../../src/activities/fleet/rate-limiter.js';
import { scanSubscription } from '../../../src/activities/fleet/scan-subscription.js';
import { startFleetScan } from '../../../src/app/fleet-scan.js';
import type { AppSettings } from '../../../src/app/index.js';
import type { OrchestrationClient } from '../../../src/ports/orchestration.js';
import { ORCHESTRATOR } from '../../../src/workflow/contracts/index.js';
import {
  startInProcessDurable,
  waitFor,
  type InProcessDurable,
} from '../workflow/support/engine.js';
import { cluster, FakeAks, FakeStarter, MemoryFleetStore, SUB_A, SUB_B } from './fakes.js';

const SUB_C = '00000000-0000-0000-0000-00000000000c';
const NOW = new Date('2026-04-01T06:00:00Z');

const fleet = [
  cluster(SUB_A, 'a1', '1.31.5', [
    { name: 'sys', osType: 'Linux' },
    { name: 'w19', osType: 'Windows', osSku: 'Windows2019' },
    { name: 'w22', osType: 'Windows', osSku: 'Windows2022' },
  ]),
  cluster(SUB_A, 'a2', '1.31.5', [{ name: 'w19', osType: 'Windows', osSku: 'Windows2019' }]),
  cluster(SUB_A, 'a3', '1.31.5', [{ name: 'sys', osType: 'Linux' }]),
  cluster(SUB_B, 'b1', '1.32.0', [{ name: 'w25', osType: 'Windows', osSku: 'Windows2025' }]),
];

function deps(
  aks: FakeAks,
  store = new MemoryFleetStore(),
  starter = new FakeStarter(),
): FleetDeps {
  return {
    aks,
    fleetStore: store,
    starter: () => starter,
    limiter: createRateLimiter({ requestsPerSecond: 1000 }),
    calendar: DEFAULT_CALENDAR,
    windowDays: 90,
    now: () => NOW,
    log: silentLog,
  };
}

describe('scanSubscription', () => {
  it('classifies every Windows pool of the subscription, one paced request per page', async () => {
    const store = new MemoryFleetStore();
    const d = deps(new FakeAks(fleet, 2), store);
    const out = await scanSubscription(d, {
      scanId: 's1',
      subscriptionId: SUB_A,
      policy: 'retired',
    });
    expect(out).toMatchObject({
      subscriptionId: SUB_A,
      clusters: 3,
      windowsPools: 3,
      armRequests: 2,
    });
    expect(out.candidates.map((c) => c.poolName)).toEqual(['w19', 'w19']);
    expect(d.limiter.stats().requests).toBe(2);
    expect([...(store.scans.get('s1')?.values() ?? [])].map((e) => e.status).sort()).toEqual([
      'retired',
      'retired',
      'supported',
    ]);
  });

  it('counts a transient failure as throttled and rethrows it', async () => {
    const aks = new FakeAks(fleet);
    aks.failures.set(SUB_A, { code: 'TRANSIENT', times: 1 });
    const d = deps(aks);
    await expect(
      scanSubscription(d, { scanId: 's1', subscriptionId: SUB_A, policy: 'off' }),
    ).rejects.toThrow('[TRANSIENT]');
    expect(d.limiter.stats().throttled).toBe(1);
  });
});

describe('startFleetScan (timer)', () => {
  it.each([
    [undefined, 'started', 1],
    ['Completed', 'started', 1],
    ['Failed', 'started', 1],
    ['Running', 'alreadyRunning', 0],
    ['Pending', 'alreadyRunning', 0],
  ])('with a previous scan %s: %s', async (status, outcome, starts) => {
    const started: { name: string; instanceId: string; input: unknown }[] = [];
    const client: OrchestrationClient = {
      getStatus: (instanceId) =>
        status
          ? Promise.resolve({
              instanceId,
              name: 'fleetScan',
              runtimeStatus: status as 'Running',
              createdTime: '',
              lastUpdatedTime: '',
            })
          : Promise.reject(new Error('404')),
      startNew: (name, instanceId, input) => (
        started.push({ name, instanceId, input }),
        Promise.resolve('started')
      ),
      raiseEvent: () => Promise.reject(new Error('not used')),
      terminate: () => Promise.reject(new Error('not used')),
      listInstances: () => Promise.reject(new Error('not used')),
      purge: () => Promise.reject(new Error('not used')),
    };
    const settings: AppSettings = {
      taskHub: 'hub',
      subscriptions: [SUB_A],
      scanConcurrency: 2,
      autoUpgrade: 'off',
      retirementWindowDays: 90,
      calendar: DEFAULT_CALENDAR,
      planRetentionHours: 24,
    };
    const input: FleetScanInput = {
      subscriptions: [SUB_A],
      concurrency: 2,
      policy: 'off',
      windowDays: 90,
    };
    await expect(startFleetScan({ client, settings })).resolves.toBe(outcome);
    expect(started).toEqual(starts ? [{ name: 'fleetScan', instanceId: 'fleet-scan', input }] : []);
  });
});

describe('fleetScan orchestration (replayed on the local Durable engine)', () => {
  let durable: InProcessDurable;
  const current: { deps?: FleetDeps } = {};
  beforeAll(async () => {
    durable = await startInProcessDurable();
    const { fleetScan } = await import('../../../src/workflow/fleet-scan.js');
    durable.df.app.orchestration(ORCHESTRATOR.fleetScan, fleetScan);
    for (const name of Object.values(FLEET_ACTIVITY)) {
      durable.df.app.activity(name, {
        handler: (input: unknown) => createFleetActivities(current.deps!)[name](input, undefined),
      });
    }
  });
  afterAll(async () => {
    await durable.stop();
  });

  async function run(input: FleetScanInput, d: FleetDeps): Promise<FleetScanOutput> {
    current.deps = d;
    const id = `scan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    expect(await durable.engine.start(ORCHESTRATOR.fleetScan, id, JSON.stringify(input))).toBe(
      'started',
    );
    const record = await waitFor(durable.engine, id);
    expect(record.runtimeStatus).toBe('Completed');
    return JSON.parse(record.output ?? 'null') as FleetScanOutput;
  }

  const retry = {
    firstRetryIntervalInMilliseconds: 50,
    backoffCoefficient: 1,
    maxNumberOfAttempts: 3,
    maxRetryIntervalInMilliseconds: 50,
  };

  it('scans all subscriptions, retries transient failures, reports failures, starts by policy', async () => {
    const aks = new FakeAks(fleet);
    aks.failures.set(SUB_B, { code: 'TRANSIENT', times: 2 });
    aks.failures.set(SUB_C, { code: 'FORBIDDEN', times: 9 });
    const store = new MemoryFleetStore();
    const starter = new FakeStarter();
    starter.running.add(`${fleet[1]!.resourceId}|w19`);
    const out = await run(
      {
        subscriptions: [SUB_A, SUB_B, SUB_C],
        concurrency: 2,
        policy: 'retired',
        windowDays: 90,
        retry,
      },
      deps(aks, store, starter),
    );
    const bySub = Object.fromEntries(out.subscriptions.map((s) => [s.subscriptionId, s]));
    expect(bySub[SUB_A]).toMatchObject({ clusters: 3, windowsPools: 3, throttled: 0 });
    expect(bySub[SUB_B]).toMatchObject({ clusters: 1, windowsPools: 1, throttled: 2 });
    expect(bySub[SUB_C]?.error?.code).toBe('FORBIDDEN');
    expect(aks.listCalls).toBe(1 + 3 + 1); // FORBIDDEN is not retried
    const report = await store.latest();
    expect(report?.summary).toEqual({
      clusters: 3,
      windowsPools: 4,
      retired: 2,
      retiring: 0,
      supported: 2,
    });
    expect(report?.scanId).toBe(out.scanId);
    expect(out.upgrades.map((u) => [u.target.poolName, u.result.outcome]).sort()).toEqual([
      ['w19', 'running'],
      ['w19', 'started'],
    ]);
    expect(starter.calls.every((c) => c.startedBy === 'fleetScan')).toBe(true);
  });

  it('starts nothing with the policy off', async () => {
    const starter = new FakeStarter();
    const out = await run(
      { subscriptions: [SUB_A], concurrency: 1, policy: 'off', windowDays: 90, retry },
      deps(new FakeAks(fleet), new MemoryFleetStore(), starter),
    );
    expect(out.windowsPools).toBe(3);
    expect(starter.calls).toEqual([]);
  });
});
