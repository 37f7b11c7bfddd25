// fleetScan on the local host's Durable engine (real histories in Azurite, real retry timers) with the
// real fleet activities over fake ports: the happy path the unit tests run on the replay harness.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFleetActivities, type FleetDeps } from '../../../src/activities/fleet/index.js';
import {
  FLEET_ACTIVITY,
  ORCHESTRATOR,
  type FleetScanInput,
  type FleetScanOutput,
} from '../../../src/workflow/contracts/index.js';
import { FakeAks, FakeStarter, MemoryFleetStore, SUB_A, SUB_B } from '../../unit/fleet/fakes.js';
import { deps, fleet } from '../../unit/fleet/scan-fixture.js';
import { startInProcessDurable, waitFor, type InProcessDurable } from './support/engine.js';

describe('fleetScan on the local Durable engine', () => {
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

  it('scans every subscription, retrying a transient failure, and starts upgrades by policy', async () => {
    const aks = new FakeAks(fleet);
    aks.failures.set(SUB_B, { code: 'TRANSIENT', times: 1 });
    const store = new MemoryFleetStore();
    const starter = new FakeStarter();
    current.deps = deps(aks, store, starter);
    const input: FleetScanInput = {
      subscriptions: [SUB_A, SUB_B],
      concurrency: 2,
      policy: 'retired',
      windowDays: 90,
      retry: {
        firstRetryIntervalInMilliseconds: 50,
        backoffCoefficient: 1,
        maxNumberOfAttempts: 3,
        maxRetryIntervalInMilliseconds: 50,
      },
    };
    const id = `scan-${Date.now().toString(36)}`;
    expect(await durable.engine.start(ORCHESTRATOR.fleetScan, id, JSON.stringify(input))).toBe(
      'started',
    );
    const record = await waitFor(durable.engine, id);
    expect(record.runtimeStatus).toBe('Completed');
    const out = JSON.parse(record.output ?? 'null') as FleetScanOutput;
    expect(out.windowsPools).toBe(4);
    expect(out.subscriptions.find((s) => s.subscriptionId === SUB_B)?.throttled).toBe(1);
    expect((await store.latest())?.scanId).toBe(out.scanId);
    expect(out.upgrades.map((u) => u.result.outcome)).toEqual(['started', 'started']);
    expect(starter.calls.every((c) => c.startedBy === 'fleetScan')).toBe(true);
  });
});
