// The fleet scan timer's other duties through the real local host (issue 12 items 12 and 17): a
// scan never restarts a pool whose last run ended Failed (a failed rollback here), and the timer
// purges ended dry runs past WINSHIFT_PLAN_RETENTION_HOURS (0: all of them), never an upgrade.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createTableUpgradeStore } from '../../../src/adapters/storage/index.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { UpgradeRecord, UpgradeStore } from '../../../src/ports/store.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import type { FleetScanOutput } from '../../../src/workflow/contracts/index.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { eventually } from '../../support/kube-service.js';
import { clusterId, fleetScenario, SUB_1 } from './fleet-fixture.js';

const A1 = clusterId(SUB_1, 'rg-a', 'aks-a1');
const A2 = clusterId(SUB_1, 'rg-a', 'aks-a2');
const A1_WIN19 = upgradeInstanceId(A1, 'win19');
const A2_WIN19 = upgradeInstanceId(A2, 'win19');

/** What the pool's last run left: a rollback that failed half way (its row, as the run wrote it). */
const ROLLBACK_FAILED: UpgradeRecord = {
  instanceId: A1_WIN19,
  clusterResourceId: A1,
  poolName: 'win19',
  targetOsSku: 'Windows2022',
  newPoolName: 'w22a',
  state: 'Failed',
  startedBy: 'fleetScan',
  createdAt: '2026-11-30T06:00:00.000Z',
  updatedAt: '2026-11-30T06:41:00.000Z',
  lastError: {
    code: 'ROLLBACK_FAILED',
    message:
      'restore the workloads failed: [ROLLOUT_TIMEOUT] web. Left to do: restore the workloads; delete the new pool w22a',
  },
};

interface Instance {
  instanceId: string;
  runtimeStatus: string;
  output?: unknown;
}

describe('the fleet scan timer through the local host', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  let store: UpgradeStore;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: fleetScenario() });
    const taskHub = `timer${randomBytes(5).toString('hex')}`;
    const storage = process.env.WINSHIFT_TEST_STORAGE;
    if (!storage) throw new Error('WINSHIFT_TEST_STORAGE is not set: jest globalSetup starts it');
    store = createTableUpgradeStore({ connectionString: storage }, `${taskHub}Winshift`);
    await store.upsertUpgrade(ROLLBACK_FAILED);
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        WINSHIFT_TASK_HUB: taskHub,
        WINSHIFT_FLEET_SCAN_SCHEDULE: '*/3 * * * * *',
        WINSHIFT_AUTO_UPGRADE: 'retired',
        WINSHIFT_PLAN_RETENTION_HOURS: '0',
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  const durable = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${host.origin}/durabletask/${path}`, init);

  async function instance(id: string): Promise<Instance | undefined> {
    const res = await durable(`instances/${id}`);
    return res.status === 404 ? undefined : ((await res.json()) as Instance);
  }

  /** The suite's poll, failing with the host's last output. */
  const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
    eventually(what, probe, 60_000, 300).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${host.output().slice(-4000)}`);
    });

  it('a scan after a ROLLBACK_FAILED run starts nothing for that pool (it does start others)', async () => {
    const scan = await until('completed fleet scan', async () => {
      const found = await instance('fleet-scan');
      return found?.runtimeStatus === 'Completed' ? (found.output as FleetScanOutput) : undefined;
    });
    const results = Object.fromEntries(
      scan.upgrades.map((u) => [`${u.target.clusterResourceId}|${u.target.poolName}`, u.result]),
    );
    expect(results[`${A1}|win19`]).toEqual({
      outcome: 'refused',
      code: 'PREVIOUS_RUN_FAILED',
      message: expect.stringContaining('ended Failed (ROLLBACK_FAILED)'),
    });
    // The scan does start retired pools: aks-a2's, whose pool had no run. (A later scan finds it
    // running, or refuses it too once that run has failed: it cannot plan without a control plane.)
    expect(await instance(A2_WIN19)).toBeDefined();
    expect(results[`${A2}|win19`]).toEqual(
      expect.objectContaining({ outcome: expect.stringMatching(/^(started|running|refused)$/) }),
    );
    if (results[`${A2}|win19`]?.outcome === 'refused')
      expect(results[`${A2}|win19`]).toMatchObject({ code: 'PREVIOUS_RUN_FAILED' });
    // Nothing ran for aks-a1/win19: no instance, and its row still tells what the rollback left.
    expect(await instance(A1_WIN19)).toBeUndefined();
    expect(await store.getUpgrade(A1_WIN19)).toEqual(ROLLBACK_FAILED);
  });

  it('purges ended dry runs (their plans too) and never an upgrade', async () => {
    const start = (id: string): Promise<Response> =>
      // Input the orchestrator's contract refuses: the instance ends Failed at once.
      durable(`orchestrators/upgradeWindowsPool/${id}`, { method: 'POST', body: '{}' });
    const plans = [`plan-${'a'.repeat(32)}-x1`, `plan-${'b'.repeat(32)}-x2`];
    const upgrade = upgradeInstanceId(A1, 'win22');
    // Each plan is saved before its instance starts, as the plan activity does: a purge of an
    // instance that ended at once must not race the save of its plan.
    for (const id of [...plans, upgrade]) {
      await store.savePlan(id, { planHash: id } as unknown as Plan);
      expect((await start(id)).status).toBe(202);
    }
    await until('the upgrade to fail', async () =>
      (await instance(upgrade))?.runtimeStatus === 'Failed' ? true : undefined,
    );
    for (const id of plans) {
      await until(`${id} purged`, async () =>
        (await instance(id)) === undefined ? true : undefined,
      );
      expect(await store.loadPlan(id)).toBeUndefined();
    }
    // Several timer ticks later the upgrade is still there, with its plan.
    await new Promise((r) => setTimeout(r, 7000));
    expect(await instance(upgrade)).toMatchObject({ runtimeStatus: 'Failed' });
    expect(await store.loadPlan(upgrade)).toEqual({ planHash: upgrade });
    expect(host.output()).toMatch(/purged [1-9]\d* ended dry runs/);
  });
});
