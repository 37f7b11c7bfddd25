import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createTableUpgradeStore } from '../../../../src/adapters/storage/index.js';
import type { Plan } from '../../../../src/domain/plan.js';
import type {
  UpgradeRecord,
  UpgradeState,
  WorkloadOriginal,
  WorkloadProgress,
} from '../../../../src/ports/store.js';

const connectionString = (): string => {
  const value = process.env.WINSHIFT_TEST_STORAGE;
  if (!value) throw new Error('WINSHIFT_TEST_STORAGE is not set (jest globalSetup starts Azurite)');
  return value;
};

/** A fresh set of tables per test: tables are created lazily, so this also covers creation. */
const newStore = (): ReturnType<typeof createTableUpgradeStore> =>
  createTableUpgradeStore(
    { kind: 'connectionString', connectionString: connectionString() },
    `t${randomBytes(6).toString('hex')}`,
  );

const cluster = (n: number): string =>
  `/subscriptions/00000000-0000-0000-0000-00000000000${n}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks${n}`;

/** A plan of `workloads` Deployments whose JSON is well over 100 KB, with text outside the BMP. */
function bigPlan(workloads: number): Plan {
  return {
    version: 1,
    cluster: { resourceId: cluster(1), kubernetesVersion: '1.30.4', nodeResourceGroup: 'MC_rg' },
    sourcePool: { name: 'win19', osSku: 'Windows2019', build: '10.0.17763', nodeNames: ['n1'] },
    target: {
      osSku: 'Windows2022',
      build: '10.0.20348',
      poolName: 'w22a',
      spec: {},
    },
    workloads: Array.from({ length: workloads }, (_, i) => ({
      kind: 'Deployment' as const,
      namespace: `team-${i % 7}`,
      name: `app-${i}-🚀-${'x'.repeat(40)}`,
      images: [
        {
          container: 'main',
          init: false,
          from: `registry.example.com/shop/app-${i}:1.0-ltsc2019`,
          to: `registry.example.com/shop/app-${i}:1.0-ltsc2022`,
        },
      ],
      placement: { patch: {} as never, original: {} as never },
    })),
    blockers: [],
    identities: [],
    gmsa: [],
    options: {
      imageMap: {},
      prePull: true,
      drainTimeoutInSeconds: 1800,
      rolloutTimeoutInSeconds: 1800,
      approvalTimeoutInSeconds: 604800,
      deleteNewPoolOnRollback: true,
      dryRun: false,
    },
  };
}

const original = (image: string): WorkloadOriginal => ({
  ref: { kind: 'StatefulSet', namespace: 'db/ns#?', name: 'sql' },
  placement: {} as WorkloadOriginal['placement'],
  images: { main: image },
  initImages: {},
  updateStrategy: 'OnDelete',
  savedAt: '2026-11-28T10:00:00.000Z',
});

describe('TableUpgradeStore (Azurite)', () => {
  it.each([
    ['over 100 KB in one row', 600],
    ['over one entity (several rows)', 4000],
  ])('saves and loads a plan %s exactly', async (_, workloads) => {
    const store = newStore();
    const plan = bigPlan(workloads);
    expect(JSON.stringify(plan).length).toBeGreaterThan(100 * 1024);
    await store.savePlan('upg-1', plan);
    expect(await store.loadPlan('upg-1')).toEqual(plan);
    expect(await store.loadPlan('upg-2')).toBeUndefined();
  });

  it('replaces a larger plan by a smaller one', async () => {
    const store = newStore();
    await store.savePlan('upg-1', bigPlan(4000));
    const small = bigPlan(2);
    await store.savePlan('upg-1', small);
    expect(await store.loadPlan('upg-1')).toEqual(small);
  });

  it('keeps the first original of a workload (first write wins), update strategy included', async () => {
    const store = newStore();
    const first = original('app:ltsc2019');
    expect(await store.saveOriginalOnce('upg-1', first)).toEqual(first);
    // A retried patch sees the already-patched object: its "original" must not replace the true one.
    expect(await store.saveOriginalOnce('upg-1', original('app:ltsc2022'))).toEqual(first);
    await store.saveOriginalOnce('upg-2', original('other:1'));
    expect(await store.loadOriginals('upg-1')).toEqual([first]);
  });

  it('saves progress over 100 workloads (several transactions) and replaces it', async () => {
    const store = newStore();
    const progress = (phase: WorkloadProgress['phase']): WorkloadProgress[] =>
      Array.from({ length: 130 }, (_, i) => ({
        ref: { kind: 'Deployment', namespace: 'shop', name: `web-${String(i).padStart(3, '0')}` },
        phase,
        ready: 1,
        desired: 2,
        message: `${phase} ${i}`,
        updatedAt: '2026-11-28T10:00:00.000Z',
      }));
    await store.saveProgress('upg-1', progress('patched'));
    await store.saveProgress('upg-1', progress('ready'));
    const loaded = await store.loadProgress('upg-1');
    expect(loaded).toHaveLength(130);
    expect(new Set(loaded.map((p) => p.phase))).toEqual(new Set(['ready']));
    expect(await store.loadOriginals('upg-1')).toEqual([]);
  });

  describe('upgrades table', () => {
    const record = (
      id: number,
      state: UpgradeState,
      clusterN: number,
      createdAt: string,
    ): UpgradeRecord => ({
      instanceId: `upg-${String(id).padStart(2, '0')}`,
      clusterResourceId: cluster(clusterN),
      poolName: 'win19',
      state,
      startedBy: 'http',
      createdAt,
      updatedAt: createdAt,
      ...(state === 'Failed'
        ? { lastError: { code: 'DRAIN_TIMEOUT', message: 'pods stayed' } }
        : {}),
    });
    const records = Array.from({ length: 25 }, (_, i) =>
      record(
        i,
        i % 3 === 0 ? 'Completed' : i % 3 === 1 ? 'Running' : 'Failed',
        (i % 2) + 1,
        new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
      ),
    );
    const seeded = async (): Promise<ReturnType<typeof newStore>> => {
      const store = newStore();
      await Promise.all(records.map((r) => store.upsertUpgrade(r)));
      return store;
    };

    it('reads one upgrade back and answers undefined for an unknown id', async () => {
      const store = await seeded();
      expect(await store.getUpgrade('upg-02')).toEqual(records[2]);
      expect(await store.getUpgrade('upg-99')).toBeUndefined();
      await store.upsertUpgrade({ ...records[2]!, state: 'RolledBack', updatedAt: 'x' });
      expect((await store.getUpgrade('upg-02'))?.state).toBe('RolledBack');
    });

    it.each([
      ['no filter', {}, records],
      ['state', { state: 'Running' as const }, records.filter((r) => r.state === 'Running')],
      [
        'cluster, in another case',
        { clusterResourceId: cluster(2).toUpperCase() },
        records.filter((r) => r.clusterResourceId === cluster(2)),
      ],
      [
        'since',
        { since: '2026-11-20T00:00:00Z' },
        records.filter((r) => r.createdAt >= '2026-11-20T00:00:00.000Z'),
      ],
      [
        'all three',
        { state: 'Failed' as const, clusterResourceId: cluster(1), since: '2026-11-05T00:00:00Z' },
        records.filter(
          (r) =>
            r.state === 'Failed' &&
            r.clusterResourceId === cluster(1) &&
            r.createdAt >= '2026-11-05T00:00:00.000Z',
        ),
      ],
    ])('lists by %s, page by page', async (_, filter, expected) => {
      const store = await seeded();
      const seen: UpgradeRecord[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await store.listUpgrades({
          ...filter,
          pageSize: 4,
          ...(token ? { continuationToken: token } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items);
        token = page.continuationToken;
        pages += 1;
      } while (token !== undefined);
      expect(seen).toEqual(expected);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / 4));
    });
  });
});
