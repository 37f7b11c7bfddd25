// The cluster leases against Azurite: a take succeeds only on the row as it was read, so two starts
// racing for one cluster cannot both win (issue 12 item 11).
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createTableClusterLocks } from '../../../../src/adapters/storage/index.js';

const CLUSTER =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';

function newLocks(): ReturnType<typeof createTableClusterLocks> {
  const connectionString = process.env.WINSHIFT_TEST_STORAGE;
  if (!connectionString) throw new Error('WINSHIFT_TEST_STORAGE is not set (jest globalSetup)');
  return createTableClusterLocks(
    { kind: 'connectionString', connectionString },
    `t${randomBytes(6).toString('hex')}`,
  );
}

describe('TableClusterLocks', () => {
  it('has no lease for a cluster nobody took', async () => {
    expect(await newLocks().read(CLUSTER)).toBeUndefined();
  });

  it('takes a free cluster once; a second take on the same (stale) read loses', async () => {
    const locks = newLocks();
    const first = { instanceId: 'upg-a', poolName: 'win19' };
    expect(await locks.take(CLUSTER, first, undefined)).toBe(true);
    expect(await locks.take(CLUSTER, { instanceId: 'upg-b', poolName: 'win19b' }, undefined)).toBe(
      false,
    );
    // Case-insensitive: ARM ids are.
    expect(await locks.read(CLUSTER.toUpperCase())).toMatchObject({
      holder: 'upg-a',
      poolName: 'win19',
    });
  });

  it('takes a cluster over on the lease as read; a take on an older read loses', async () => {
    const locks = newLocks();
    await locks.take(CLUSTER, { instanceId: 'upg-a', poolName: 'win19' }, undefined);
    const read = await locks.read(CLUSTER);
    expect(await locks.take(CLUSTER, { instanceId: 'upg-b', poolName: 'win19b' }, read)).toBe(true);
    expect(await locks.take(CLUSTER, { instanceId: 'upg-c', poolName: 'win19c' }, read)).toBe(
      false,
    );
    expect(await locks.read(CLUSTER)).toMatchObject({ holder: 'upg-b' });
  });

  it('lets exactly one of many concurrent takes of a free cluster win', async () => {
    const locks = newLocks();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((x) =>
        locks.take(CLUSTER, { instanceId: `upg-${x}`, poolName: `p${x}` }, undefined),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
