// Issue 12 items 10 and 12 for the automatic starts (the fleet scan and AKS events take the same
// start path as HTTP): refused with a code and nothing started, and never a restart after a failure.
import { describe, expect, it } from '@jest/globals';
import { startUpgradeHandler } from '../../../src/api/upgrades.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import type { UpgradeState } from '../../../src/domain/upgrade-state.js';
import type { UpgradeRecord } from '../../../src/ports/store.js';
import { CLUSTER, fakes, request } from '../api/fakes.js';

const ID = upgradeInstanceId(CLUSTER, 'win19');
const target = { clusterResourceId: CLUSTER, poolName: 'win19' };

function lastRun(state: UpgradeState, lastError?: UpgradeRecord['lastError']): UpgradeRecord {
  return {
    instanceId: ID,
    clusterResourceId: CLUSTER,
    poolName: 'win19',
    newPoolName: 'w22b',
    state,
    startedBy: 'fleetScan',
    createdAt: '2026-11-20T06:00:00.000Z',
    updatedAt: '2026-11-20T07:12:00.000Z',
    ...(lastError ? { lastError } : {}),
  };
}

const ROLLBACK_FAILED = {
  code: 'ROLLBACK_FAILED',
  message:
    'restore the workloads failed: [ROLLOUT_TIMEOUT] ... Left to do: delete the new pool w22b',
};

describe('automatic starts are checked like HTTP ones', () => {
  it.each([
    ['a Linux pool', 'system', 'INVALID_INPUT'],
    ['an unknown pool', 'win20', 'NOT_FOUND'],
    ['a pool with no newer OS the cluster supports', 'w22a', 'OS_SKU_UNSUPPORTED'],
  ])('%s: refused with its code, nothing started', async (_name, poolName, code) => {
    for (const startedBy of ['fleetScan', 'eventGrid'] as const) {
      const { app, client, store } = fakes();
      expect(await app.starter.start({ ...target, poolName }, startedBy)).toEqual({
        outcome: 'refused',
        code,
        message: expect.any(String),
      });
      expect(client.started).toEqual([]);
      expect(store.upgrades.size).toBe(0);
    }
  });

  it('a cluster gone since it was listed is refused NOT_FOUND', async () => {
    const { app, aks } = fakes();
    aks.clusters.clear();
    expect(await app.starter.start(target, 'fleetScan')).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ARM not answering is a failure to retry (the scan retries its group), not a refusal', async () => {
    const { app, client, aks } = fakes();
    aks.failWith = new WinshiftError('TRANSIENT', 'throttled');
    await expect(app.starter.start(target, 'fleetScan')).rejects.toThrow('[TRANSIENT]');
    aks.failWith = new WinshiftError('FORBIDDEN', 'no role');
    expect(await app.starter.start(target, 'eventGrid')).toMatchObject({
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
    expect(client.started).toEqual([]);
  });
});

describe('no automatic restart after a failure', () => {
  it.each([
    ['a failed rollback (ROLLBACK_FAILED)', lastRun('Failed', ROLLBACK_FAILED)],
    ['a failure', lastRun('Failed', { code: 'POOL_FAILED', message: 'pool w22b Failed' })],
    ['a terminated run', lastRun('Terminated', { code: 'TERMINATED', message: 'x; left: y' })],
  ])('after %s the fleet scan and AKS events refuse PREVIOUS_RUN_FAILED', async (_n, row) => {
    for (const startedBy of ['fleetScan', 'eventGrid'] as const) {
      const { app, client, store, aks } = fakes();
      await store.upsertUpgrade(row);
      const result = await app.starter.start(target, startedBy);
      expect(result).toEqual({
        outcome: 'refused',
        code: 'PREVIOUS_RUN_FAILED',
        message: expect.stringContaining(`ended ${row.state}`),
      });
      expect(client.started).toEqual([]);
      expect(store.upgrades.get(ID)).toEqual(row);
      expect(aks.reads).toEqual([]);
    }
  });

  it.each<UpgradeState>(['Completed', 'RolledBack', 'Blocked'])(
    'after a run that ended %s an automatic start goes ahead',
    async (state) => {
      const { app, store } = fakes();
      await store.upsertUpgrade(lastRun(state));
      expect(await app.starter.start(target, 'fleetScan')).toEqual({
        outcome: 'started',
        instanceId: ID,
      });
    },
  );

  it('an explicit start is allowed and its 202 says what the last run left behind', async () => {
    const { app, client, store } = fakes();
    await store.upsertUpgrade(lastRun('Failed', ROLLBACK_FAILED));
    const answer = await startUpgradeHandler(app, request({ body: target }));
    expect(answer.status).toBe(202);
    expect(answer.jsonBody).toMatchObject({
      id: ID,
      previousRun: {
        state: 'Failed',
        lastError: ROLLBACK_FAILED,
        endedAt: '2026-11-20T07:12:00.000Z',
      },
    });
    expect(client.started).toHaveLength(1);
    expect(store.upgrades.get(ID)).toMatchObject({ state: 'Planning', startedBy: 'http' });
  });

  it('a first start has no previousRun', async () => {
    const { app } = fakes();
    const answer = await startUpgradeHandler(app, request({ body: target }));
    expect(answer.jsonBody).not.toHaveProperty('previousRun');
  });
});
