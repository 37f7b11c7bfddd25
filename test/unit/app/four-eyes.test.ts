import { describe, expect, it } from '@jest/globals';
import type { Problem } from '../../../src/api/problem.js';
import {
  approveHandler,
  cancelHandler,
  getUpgradeHandler,
  startUpgradeHandler,
  terminateHandler,
} from '../../../src/api/upgrades.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { loadConfig } from '../../../src/config.js';
import { APP_ROLES, type Caller } from '../../../src/domain/identity.js';
import { CLUSTER, fakes, request, TEST_SETTINGS } from '../api/fakes.js';

const ID = upgradeInstanceId(CLUSTER, 'win19');
const AT = '2026-11-28T10:00:00.000Z';
const alice: Caller = {
  id: 'A1CE0000-0000-4000-8000-000000000001',
  name: 'Alice',
  kind: 'user',
  roles: APP_ROLES,
};
const bob: Caller = {
  id: 'b0b00000-0000-4000-8000-000000000002',
  name: 'Bob',
  kind: 'user',
  roles: APP_ROLES,
};
const aliceAgain: Caller = { ...alice, id: alice.id.toLowerCase(), name: 'Alice (other device)' };

function setup(separation: 'on' | 'off' = 'on') {
  const config = loadConfig({
    ...TEST_SETTINGS,
    WINSHIFT_AUTH: 'entra',
    WINSHIFT_API_CLIENT_ID: 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d',
    WINSHIFT_APPROVAL_SEPARATION: separation,
  });
  const f = fakes(config);
  /** The run, started by `by`, waiting at the approval gate. */
  const startedBy = async (by: Caller | undefined, startedVia?: 'fleetScan'): Promise<void> => {
    if (startedVia)
      await f.app.start({ clusterResourceId: CLUSTER, poolName: 'win19' }, startedVia);
    else
      await startUpgradeHandler(
        f.app,
        request({ body: { clusterResourceId: CLUSTER, poolName: 'win19' } }),
        by,
      );
    f.client.set({
      instanceId: ID,
      customStatus: { awaitingApproval: true, phase: 'AwaitingApproval' },
    });
  };
  const approve = (by?: Caller) => approveHandler(f.app, request({ params: { id: ID } }), by);
  return { ...f, startedBy, approve };
}

describe('four eyes at the approval gate (WINSHIFT_APPROVAL_SEPARATION)', () => {
  it('refuses the approval of whoever started the run: 403 naming them, no event raised', async () => {
    const { startedBy, approve, client, store } = setup();
    await startedBy(alice);
    for (const same of [alice, aliceAgain]) {
      const answer = await approve(same);
      expect(answer.status).toBe(403);
      expect(answer.jsonBody).toMatchObject({
        type: 'https://winshift.dev/problems/approval-separation',
        instanceId: ID,
        startedBy: { id: alice.id, name: 'Alice', kind: 'user', at: AT },
      });
      expect((answer.jsonBody as Problem).detail).toContain('Alice started upgrade');
    }
    expect(client.events).toEqual([]);
    expect(store.upgrades.get(ID)?.actors?.approved).toBeUndefined();
  });

  it('takes another approver: the event names them and the row records them', async () => {
    const { startedBy, approve, client, store, app } = setup();
    await startedBy(alice);
    const answer = await approve(bob);
    expect(answer.status).toBe(202);
    expect(client.events).toEqual([
      { instanceId: ID, eventName: 'approve', data: { by: 'Bob', at: AT } },
    ]);
    expect(store.upgrades.get(ID)?.actors).toEqual({
      started: { id: alice.id, name: 'Alice', kind: 'user', at: AT },
      approved: { id: bob.id, name: 'Bob', kind: 'user', at: AT },
    });
    const status = await getUpgradeHandler(app, request({ params: { id: ID } }));
    expect(status.jsonBody).toMatchObject({
      actors: { started: { name: 'Alice' }, approved: { name: 'Bob' } },
    });
  });

  it('lets anyone approve a run the fleet scan started (the app itself started it)', async () => {
    const { startedBy, approve, store } = setup();
    await startedBy(undefined, 'fleetScan');
    expect(store.upgrades.get(ID)?.actors?.started).toMatchObject({
      id: 'winshift',
      kind: 'winshift',
    });
    expect((await approve(alice)).status).toBe(202);
  });

  it('refuses an approver it cannot identify', async () => {
    const { startedBy, approve } = setup();
    await startedBy(alice);
    const answer = await approve(undefined);
    expect(answer.status).toBe(403);
    expect((answer.jsonBody as Problem).detail).toContain('not identified');
  });

  it('lets the starter approve with separation off', async () => {
    const { startedBy, approve } = setup('off');
    await startedBy(alice);
    expect((await approve(alice)).status).toBe(202);
  });

  it('keeps the gate checks first: an approval before the gate is 409, whoever sends it', async () => {
    const { approve, client, startedBy } = setup();
    await startedBy(alice);
    client.set({ instanceId: ID, customStatus: { awaitingApproval: false, phase: 'Running' } });
    expect((await approve(alice)).status).toBe(409);
  });
});

describe('who cancelled or terminated', () => {
  it('records the canceller and names them in the cancel event', async () => {
    const { startedBy, client, store, app } = setup();
    await startedBy(alice);
    const answer = await cancelHandler(
      app,
      request({ params: { id: ID }, body: { reason: 'freeze' } }),
      bob,
    );
    expect(answer.status).toBe(202);
    expect(client.events).toEqual([
      { instanceId: ID, eventName: 'cancel', data: { reason: 'freeze', by: 'Bob', at: AT } },
    ]);
    expect(store.upgrades.get(ID)?.actors?.cancelled).toEqual({
      id: bob.id,
      name: 'Bob',
      kind: 'user',
      at: AT,
    });
  });

  it('records the terminator with the Terminated row', async () => {
    const { startedBy, store, app } = setup();
    await startedBy(alice);
    const answer = await terminateHandler(
      app,
      request({ params: { id: ID }, body: { reason: 'stuck' } }),
      bob,
    );
    expect(answer.status).toBe(202);
    expect(store.upgrades.get(ID)).toMatchObject({
      state: 'Terminated',
      actors: { started: { name: 'Alice' }, terminated: { name: 'Bob', at: AT } },
    });
  });

  it('a new start of the pool forgets who approved the last run', async () => {
    const { startedBy, approve, store, client, app } = setup();
    await startedBy(alice);
    await approve(bob);
    client.set({ instanceId: ID, runtimeStatus: 'Completed' });
    await startUpgradeHandler(
      app,
      request({ body: { clusterResourceId: CLUSTER, poolName: 'win19' } }),
      bob,
    );
    expect(store.upgrades.get(ID)?.actors).toEqual({
      started: { id: bob.id, name: 'Bob', kind: 'user', at: AT },
    });
  });
});
