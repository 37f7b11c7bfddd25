import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { createFleetActivities, type FleetDeps } from '../../../src/activities/fleet/index.js';
import {
  FLEET_ACTIVITY,
  type FleetScanInput,
  type FleetScanOutput,
} from '../../../src/workflow/contracts/index.js';
import { scanSubscription } from '../../../src/activities/fleet/scan-subscription.js';
import { startFleetScan } from '../../../src/app/fleet-scan.js';
import type { AppSettings } from '../../../src/app/index.js';
import type { OrchestrationClient } from '../../../src/ports/orchestration.js';
import { FLEET_SCAN_INSTANCE_ID, ORCHESTRATOR } from '../../../src/workflow/contracts/index.js';
import {
  loadFleetScanOrchestration,
  runOrchestration,
  type RunResult,
} from '../../support/replay/index.js';
import { FakeAks, FakeStarter, MemoryFleetStore, SUB_A, SUB_B } from './fakes.js';
import { deps, fleet, SUB_C } from './scan-fixture.js';

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
      managedWorkloads: 'allow',
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

describe('fleetScan orchestration (on the replay harness)', () => {
  /** Runs the registered fleetScan with the real fleet activities over fake ports. */
  async function run(
    input: FleetScanInput,
    d: FleetDeps,
  ): Promise<{ out: FleetScanOutput; result: RunResult }> {
    await loadFleetScanOrchestration();
    const activities = createFleetActivities(d);
    const result = await runOrchestration(ORCHESTRATOR.fleetScan, input, {
      instanceId: FLEET_SCAN_INSTANCE_ID,
      activities: Object.fromEntries(
        Object.values(FLEET_ACTIVITY).map((name) => [
          name,
          (value: unknown) => activities[name](value, undefined),
        ]),
      ),
    });
    if (result.outcome.kind !== 'completed') throw new Error(JSON.stringify(result.outcome));
    return { out: result.outcome.output as FleetScanOutput, result };
  }

  it('scans all subscriptions, retries transient failures, reports failures, starts by policy', async () => {
    const aks = new FakeAks(fleet);
    aks.failures.set(SUB_B, { code: 'TRANSIENT', times: 2 });
    aks.failures.set(SUB_C, { code: 'FORBIDDEN', times: 9 });
    const store = new MemoryFleetStore();
    const starter = new FakeStarter();
    starter.running.add(`${fleet[1]!.resourceId}|w19`);
    // The production retry policy (5 s, then 10 s) on virtual time.
    const { out, result } = await run(
      { subscriptions: [SUB_A, SUB_B, SUB_C], concurrency: 2, policy: 'retired', windowDays: 90 },
      deps(aks, store, starter),
    );
    expect(result.elapsedInMs).toBe(15_000);
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
    const { out } = await run(
      { subscriptions: [SUB_A], concurrency: 1, policy: 'off', windowDays: 90 },
      deps(new FakeAks(fleet), new MemoryFleetStore(), starter),
    );
    expect(out.windowsPools).toBe(3);
    expect(starter.calls).toEqual([]);
  });
});
