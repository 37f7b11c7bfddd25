import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import type { FleetReport } from '../../../src/ports/fleet.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { clusterId, fleetScenario, SUB_1, SUB_2 } from './fleet-fixture.js';

// The product app in the real local host: the timer fires every 3 s and starts `fleetScan`, which
// lists the sandbox fleet through the real AKS adapter; GET /api/fleet serves the stored report.
describe('fleet scan through the local host (timer -> fleetScan -> GET /api/fleet)', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: fleetScenario() });
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        WINSHIFT_TASK_HUB: `fleet${randomBytes(5).toString('hex')}`,
        WINSHIFT_FLEET_SCAN_SCHEDULE: '*/3 * * * * *',
        WINSHIFT_AUTO_UPGRADE: 'off',
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  const fleet = (key: string | null = host.keys.function): Promise<Response> =>
    fetch(`${host.origin}/api/fleet`, { headers: key ? { 'x-functions-key': key } : {} });

  async function report(): Promise<FleetReport> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fleet();
      if (res.status === 200) return (await res.json()) as FleetReport;
      if (Date.now() > deadline) throw new Error(`no report: ${res.status}\n${host.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('needs the function key', async () => {
    expect((await fleet(null)).status).toBe(401);
  });

  it('classifies every Windows pool of every configured subscription', async () => {
    const r = await report();
    expect(r.summary).toEqual({
      clusters: 3,
      windowsPools: 4,
      retired: 2,
      retiring: 0,
      supported: 2,
    });
    expect(
      r.entries.map((e) => [e.clusterResourceId.split('/').pop(), e.poolName, e.status]),
    ).toEqual([
      ['aks-a1', 'win19', 'retired'],
      ['aks-a2', 'win19', 'retired'],
      ['aks-a1', 'win22', 'supported'],
      ['aks-b1', 'win25', 'supported'],
    ]);
    expect(r.entries[0]).toMatchObject({
      subscriptionId: SUB_1,
      clusterResourceId: clusterId(SUB_1, 'rg-a', 'aks-a1'),
      osSku: 'Windows2019',
      kubernetesVersion: '1.31.5',
      deadline: '2027-04-01',
    });
    const subs = Object.fromEntries(r.subscriptions.map((s) => [s.subscriptionId, s]));
    expect(subs[SUB_1]).toMatchObject({ clusters: 3, windowsPools: 3 });
    expect(subs[SUB_2]).toMatchObject({ clusters: 1, windowsPools: 1 });
    // Paced page requests: 2 pages and 1 page (the adapter also paces its final, empty pull).
    expect(subs[SUB_1]?.armRequests).toBeGreaterThanOrEqual(2);
    expect(subs[SUB_2]?.armRequests).toBeGreaterThanOrEqual(1);
    // One paged list per subscription, nothing per cluster.
    const ops = sandbox.arm.operations().map((o) => o.operationId);
    expect(ops.filter((o) => o === 'ManagedClusters_Get')).toEqual([]);
    expect(ops.filter((o) => o === 'ManagedClusters_List').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps scanning on schedule: a later scan replaces the report', async () => {
    const first = await report();
    const deadline = Date.now() + 30_000;
    let next = first;
    while (next.scanId === first.scanId && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      next = await report();
    }
    expect(next.scanId > first.scanId).toBe(true);
    expect(next.summary).toEqual(first.summary);
  });
});
