import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import {
  createTableUpgradeStore,
  tableClientFactory,
  TableUpgradeStore,
} from '../../../../src/adapters/storage/index.js';
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

const newPrefix = (): string => `t${randomBytes(6).toString('hex')}`;

/** A fresh set of tables per test: tables are created lazily, so this also covers creation. */
const newStore = (): ReturnType<typeof createTableUpgradeStore> =>
  createTableUpgradeStore(
    { kind: 'connectionString', connectionString: connectionString() },
    newPrefix(),
  );

const clients = (): ReturnType<typeof tableClientFactory> =>
  tableClientFactory({ kind: 'connectionString', connectionString: connectionString() });

type Hooks = Partial<Pick<TableClient, 'submitTransaction' | 'listEntities'>>;

/** The real client with some methods replaced (a crash, a race), the rest passed through. */
function hooked(client: TableClient, hooks: Hooks): TableClient {
  return new Proxy(client, {
    get: (target, name) => {
      const hook = hooks[name as keyof Hooks];
      if (hook !== undefined) return hook;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

/** A store on `prefix` whose Plans table client has `hooks`. */
const storeWithPlanHooks = (prefix: string, hooks: Hooks): TableUpgradeStore =>
  new TableUpgradeStore((name) => {
    const client = clients()(name);
    return name.endsWith('Plans') ? hooked(client, hooks) : client;
  }, prefix);

/** Row keys of an instance's partition in the Plans table. */
async function planRowKeys(prefix: string, instanceId: string): Promise<string[]> {
  const keys: string[] = [];
  const rows = clients()(`${prefix}Plans`).listEntities({
    queryOptions: { filter: `PartitionKey eq '${instanceId}'`, select: ['RowKey'] },
  });
  for await (const row of rows) keys.push(row.rowKey ?? '');
  return keys.sort();
}

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

  it('keeps only the pointer and the current rows when a plan is replaced', async () => {
    const prefix = newPrefix();
    const store = createTableUpgradeStore({ connectionString: connectionString() }, prefix);
    await store.savePlan('upg-1', bigPlan(4000));
    const bigRows = await planRowKeys(prefix, 'upg-1');
    expect(bigRows.length).toBeGreaterThan(2);
    await store.savePlan('upg-1', bigPlan(2));
    const keys = await planRowKeys(prefix, 'upg-1');
    expect(keys).toEqual(['plan', expect.stringMatching(/^plan-[0-9a-f]{16}-000$/)]);
    // Saving the same plan again (a retried activity) changes nothing.
    await store.savePlan('upg-1', bigPlan(2));
    expect(await planRowKeys(prefix, 'upg-1')).toEqual(keys);
    expect(await store.loadPlan('upg-1')).toEqual(bigPlan(2));
  });

  it('deletes a plan with all its rows (a purged dry run), again without failing', async () => {
    const prefix = newPrefix();
    const store = createTableUpgradeStore({ connectionString: connectionString() }, prefix);
    const id = `plan-${'a'.repeat(32)}-mfz`;
    await store.savePlan(id, bigPlan(4000));
    await store.savePlan('upg-1', bigPlan(2));
    expect((await planRowKeys(prefix, id)).length).toBeGreaterThan(2);
    await store.deletePlan(id);
    expect(await planRowKeys(prefix, id)).toEqual([]);
    expect(await store.loadPlan(id)).toBeUndefined();
    await store.deletePlan(id);
    expect(await store.loadPlan('upg-1')).toEqual(bigPlan(2));
  });

  it('reads a pointer whose rows a purge deleted (nothing replacing them) as no plan, not a retry forever', async () => {
    const prefix = newPrefix();
    const store = createTableUpgradeStore({ connectionString: connectionString() }, prefix);
    const id = `plan-${'b'.repeat(32)}-mfz`;
    await store.savePlan(id, bigPlan(4000));
    const plans = clients()(`${prefix}Plans`);
    for (const key of await planRowKeys(prefix, id))
      if (key !== 'plan') await plans.deleteEntity(id, key);
    expect(await planRowKeys(prefix, id)).toEqual(['plan']);
    expect(await store.loadPlan(id)).toBeUndefined();
  });

  it('leaves the previous plan readable when a save is cut short', async () => {
    const prefix = newPrefix();
    const first = bigPlan(4000);
    await storeWithPlanHooks(prefix, {}).savePlan('upg-1', first);
    const crashing = storeWithPlanHooks(prefix, {
      submitTransaction: () => Promise.reject(new Error('the host died')),
    });
    await expect(crashing.savePlan('upg-1', bigPlan(3000))).rejects.toThrow('the host died');
    expect(await storeWithPlanHooks(prefix, {}).loadPlan('upg-1')).toEqual(first);
  });

  it('reads a whole plan when a save replaces it in the middle of the read', async () => {
    const prefix = newPrefix();
    const [before, after] = [bigPlan(4000), bigPlan(3000)];
    const writer = storeWithPlanHooks(prefix, {});
    await writer.savePlan('upg-1', before);
    let raced = false;
    const real = clients()(`${prefix}Plans`);
    // Between the reader's pointer read and its row read, another save swaps the plan.
    const reader = storeWithPlanHooks(prefix, {
      listEntities: ((options?: Parameters<TableClient['listEntities']>[0]) => {
        const race = raced ? Promise.resolve() : writer.savePlan('upg-1', after);
        raced = true;
        return (async function* () {
          await race;
          yield* real.listEntities(options);
        })();
      }) as unknown as TableClient['listEntities'],
    });
    expect(await reader.loadPlan('upg-1')).toEqual(after);
    expect(raced).toBe(true);
  });

  it('keeps one whole plan when two different plans are saved at once', async () => {
    const prefix = newPrefix();
    const [a, b] = [bigPlan(4000), bigPlan(3000)];
    const [one, two] = [storeWithPlanHooks(prefix, {}), storeWithPlanHooks(prefix, {})];
    await Promise.all([one.savePlan('upg-1', a), two.savePlan('upg-1', b)]);
    const loaded = await one.loadPlan('upg-1');
    expect([a, b]).toContainEqual(loaded);
    // The other plan's rows are gone: only the pointer and the winner's rows remain.
    const keys = await planRowKeys(prefix, 'upg-1');
    expect(new Set(keys.filter((k) => k !== 'plan').map((k) => k.slice(0, 21))).size).toBe(1);
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

  it('keeps each run’s originals apart: two runs of one pool never see each other’s', async () => {
    const prefix = newPrefix();
    const store = createTableUpgradeStore({ connectionString: connectionString() }, prefix);
    const first = original('app:ltsc2019');
    const second = original('app:ltsc2022');
    await store.saveOriginalOnce('r-1', first);
    // The same workload in a later run of the same pool: its own original, not the first run's.
    expect(await store.saveOriginalOnce('r-2', second)).toEqual(second);
    expect(await store.loadOriginals('r-1')).toEqual([first]);
    expect(await store.loadOriginals('r-2')).toEqual([second]);
    // Keyed by the run id alone: a run of an older starter (run id = instance id) finds the rows
    // older versions wrote under the instance id.
    const partitions: string[] = [];
    for await (const row of clients()(`${prefix}Workloads`).listEntities())
      partitions.push(row.partitionKey ?? '');
    expect(partitions.sort()).toEqual(['r-1', 'r-2']);
  });

  it('adds to the nodes a run cordoned, per run and pool, over 100 of them', async () => {
    const store = newStore();
    const nodes = Array.from({ length: 130 }, (_, i) => `akswin19${String(i).padStart(6, '0')}`);
    await store.saveCordonedNodes('r-1', 'win19', nodes.slice(0, 120));
    // A retried cordon records again what it cordons: added to, never replaced, no duplicates.
    await store.saveCordonedNodes('r-1', 'win19', nodes.slice(100));
    await store.saveCordonedNodes('r-1', 'win1', ['aksw1000000']);
    await store.saveCordonedNodes('r-1', 'w22a', ['aksw22a000000']);
    await store.saveCordonedNodes('r-2', 'win19', ['akswin19999999']);
    expect([...(await store.loadCordonedNodes('r-1', 'win19'))].sort()).toEqual(nodes);
    expect(await store.loadCordonedNodes('r-1', 'win1')).toEqual(['aksw1000000']);
    expect(await store.loadCordonedNodes('r-1', 'w22a')).toEqual(['aksw22a000000']);
    expect(await store.loadCordonedNodes('r-3', 'win19')).toEqual([]);
    expect(await store.loadOriginals('r-1')).toEqual([]);
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

    // The SDK decodes a caller's token itself (base64 JSON) and threw SyntaxError/TypeError for
    // these, which came out as INTERNAL: GET /api/upgrades answered 500 instead of 400.
    const base64 = (text: string): string => Buffer.from(text).toString('base64');
    it.each([
      ['not base64 JSON', 'garbage'],
      ['punctuation', '!!!'],
      ['JSON null', base64('null')],
      ['an empty object (it would restart from the top)', base64('{}')],
      ['keys that are not text', base64('{"nextPartitionKey":1,"nextRowKey":2}')],
    ])('refuses a token that is %s as INVALID_INPUT', async (_name, continuationToken) => {
      const store = await seeded();
      await expect(store.listUpgrades({ pageSize: 2, continuationToken })).rejects.toThrow(
        '[INVALID_INPUT] continuationToken: not a token from a previous page',
      );
    });

    // ADR 0013: who started, approved, cancelled or terminated a run, each in its own column.
    describe('actors', () => {
      const at = '2026-11-28T10:00:00.000Z';
      const alice = { id: 'a-oid', name: 'Alice', kind: 'user' as const, at };
      const bob = { id: 'b-oid', name: 'Bob', kind: 'user' as const, at };
      const stateWrite = record(1, 'Planning', 1, at);
      const started = { ...stateWrite, actors: { started: alice } };

      it('keeps who approved when the orchestrator writes a state without actors (Merge)', async () => {
        const store = newStore();
        await store.upsertUpgrade(started);
        await store.recordActor(started.instanceId, 'approved', bob);
        await store.upsertUpgrade({ ...stateWrite, state: 'Running', updatedAt: 'later' });
        expect(await store.getUpgrade(started.instanceId)).toEqual({
          ...stateWrite,
          state: 'Running',
          updatedAt: 'later',
          actors: { started: alice, approved: bob },
        });
      });

      it('forgets the last run’s approver and canceller when a new start writes its actors', async () => {
        const store = newStore();
        await store.upsertUpgrade(started);
        await store.recordActor(started.instanceId, 'approved', bob);
        await store.recordActor(started.instanceId, 'cancelled', bob);
        await store.upsertUpgrade({ ...started, actors: { started: bob } });
        expect((await store.getUpgrade(started.instanceId))?.actors).toEqual({ started: bob });
        await store.upsertUpgrade({ ...started, actors: {} });
        expect((await store.getUpgrade(started.instanceId))?.actors).toBeUndefined();
      });

      it('writes no row for an actor of a run without one (a dry run)', async () => {
        const store = newStore();
        await store.recordActor('plan-none', 'cancelled', bob);
        expect(await store.getUpgrade('plan-none')).toBeUndefined();
      });
    });
  });
});
