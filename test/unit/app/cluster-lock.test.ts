// Issue 12 item 11: one run per cluster. A start takes the cluster's lease; another pool of the same
// cluster is refused while the holder runs, whoever starts it; a holder that has ended holds nothing.
import { describe, expect, it } from '@jest/globals';
import { startUpgradeHandler } from '../../../src/api/upgrades.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import type { Problem } from '../../../src/api/problem.js';
import { CLUSTER, fakes, request } from '../api/fakes.js';

const FIRST = upgradeInstanceId(CLUSTER, 'win19');
const body = (poolName: string) => ({ clusterResourceId: CLUSTER, poolName });

function twoPools(): ReturnType<typeof fakes> {
  const f = fakes();
  f.aks.addPools('win19b');
  return f;
}

describe('one upgrade per cluster', () => {
  it('refuses a second pool of a cluster while the first runs: 409 cluster-busy naming it, nothing written', async () => {
    const { app, client, store } = twoPools();
    expect((await startUpgradeHandler(app, request({ body: body('win19') }))).status).toBe(202);
    client.set({ instanceId: FIRST, runtimeStatus: 'Running' });
    const answer = await startUpgradeHandler(app, request({ body: body('win19b') }));
    expect(answer.status).toBe(409);
    const problem = answer.jsonBody as Problem;
    expect(problem.type).toMatch(/cluster-busy$/);
    expect(problem['code']).toBe('CLUSTER_BUSY');
    expect(problem.detail).toContain(`${FIRST} (pool win19)`);
    expect(client.started.map((s) => s.instanceId)).toEqual([FIRST]);
    expect([...store.upgrades.keys()]).toEqual([FIRST]);
  });

  it('refuses the fleet scan and AKS events alike (at most one automatic run per cluster)', async () => {
    const { app, client } = twoPools();
    expect(await app.starter.start(body('win19'), 'fleetScan')).toMatchObject({
      outcome: 'started',
    });
    client.set({ instanceId: FIRST, runtimeStatus: 'Running' });
    for (const startedBy of ['fleetScan', 'eventGrid'] as const) {
      expect(await app.starter.start(body('win19b'), startedBy)).toEqual({
        outcome: 'refused',
        code: 'CLUSTER_BUSY',
        message: expect.stringContaining(FIRST),
      });
    }
    expect(client.started).toHaveLength(1);
  });

  it.each(['Completed', 'Failed', 'Terminated'] as const)(
    'lets the next pool start once the holder has ended (%s): an ended run holds nothing',
    async (runtimeStatus) => {
      const { app, client, locks } = twoPools();
      await startUpgradeHandler(app, request({ body: body('win19') }));
      client.set({ instanceId: FIRST, runtimeStatus });
      expect((await startUpgradeHandler(app, request({ body: body('win19b') }))).status).toBe(202);
      expect([...locks.leases.values()].map((l) => l.poolName)).toEqual(['win19b']);
    },
  );

  it('lets the same pool start again (a new run of the holder)', async () => {
    const { app, client } = twoPools();
    await startUpgradeHandler(app, request({ body: body('win19') }));
    client.set({ instanceId: FIRST, runtimeStatus: 'Completed' });
    expect((await startUpgradeHandler(app, request({ body: body('win19') }))).status).toBe(202);
  });

  it('refuses the loser of two starts racing for a free cluster', async () => {
    const { app, locks, client } = twoPools();
    // Another start takes the cluster between this start's read and its take.
    const read = locks.read.bind(locks);
    let first = true;
    locks.read = async (cluster) => {
      const lease = await read(cluster);
      if (first) {
        first = false;
        await locks.take(cluster, { instanceId: 'upg-other', poolName: 'win19b' }, undefined);
      }
      return lease;
    };
    const answer = await startUpgradeHandler(app, request({ body: body('win19') }));
    expect(answer.status).toBe(409);
    expect((answer.jsonBody as Problem).detail).toContain('upg-other (pool win19b)');
    expect(client.started).toEqual([]);
  });

  it('does not lock the cluster for a dry run', async () => {
    const { app, locks } = twoPools();
    const answer = await startUpgradeHandler(
      app,
      request({ body: { ...body('win19'), options: { dryRun: true } } }),
    );
    expect(answer.status).toBe(202);
    expect(locks.leases.size).toBe(0);
  });
});
