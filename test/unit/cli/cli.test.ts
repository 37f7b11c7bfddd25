import { describe, expect, it } from '@jest/globals';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';
import type { UpgradeView } from '../../../src/cli/client.js';
import { main } from '../../../src/cli/main.js';
import { createProgressView, renderProgress } from '../../../src/cli/progress.js';
import { fakeApi } from './fake-api.js';
import type { UpgradeStatus } from '../../../src/workflow/contracts/index.js';

const CLUSTER =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';

describe('CLI arguments', () => {
  it.each([
    [
      ['status', 'abc'],
      {},
      { name: 'status', id: 'abc', url: 'http://127.0.0.1:7071', json: false },
    ],
    [
      ['watch', 'abc', '--json', '--url', 'http://h:1'],
      {},
      { name: 'watch', id: 'abc', url: 'http://h:1', json: true },
    ],
    [['approve', 'abc'], { WINSHIFT_FUNCTION_KEY: 'k1' }, { name: 'approve', key: 'k1' }],
    [
      ['approve', 'abc', '--key', 'k2'],
      { WINSHIFT_FUNCTION_KEY: 'k1' },
      { name: 'approve', key: 'k2' },
    ],
    [['cancel', 'abc', '--reason', 'oops'], {}, { name: 'cancel', id: 'abc', reason: 'oops' }],
    [
      ['terminate', 'abc', '--reason', 'stuck on a PDB'],
      {},
      { name: 'terminate', id: 'abc', reason: 'stuck on a PDB' },
    ],
    [
      ['fleet'],
      { WINSHIFT_URL: 'https://app.azurewebsites.net' },
      { name: 'fleet', url: 'https://app.azurewebsites.net' },
    ],
    [
      ['list', '--status', 'Running', '--since', '2026-01-01'],
      {},
      { name: 'list', query: { status: 'Running', since: '2026-01-01' } },
    ],
    [[], {}, { name: 'help' }],
    [['--help'], {}, { name: 'help' }],
    [
      ['plan', '--cluster', CLUSTER, '--pool', 'win19'],
      {},
      {
        name: 'plan',
        body: { clusterResourceId: CLUSTER, poolName: 'win19', options: {} },
        watch: false,
      },
    ],
    [
      [
        'start',
        '--cluster',
        CLUSTER,
        '--pool',
        'win19',
        '--target-os',
        'Windows2022',
        '--new-pool',
        'win22',
        '--no-pre-pull',
        '--auto-approve-after',
        '60',
        '--image-map',
        'a:ltsc2019=a:ltsc2022',
        '--watch',
      ],
      {},
      {
        name: 'start',
        watch: true,
        body: {
          clusterResourceId: CLUSTER,
          poolName: 'win19',
          options: {
            targetOsSku: 'Windows2022',
            newPoolName: 'win22',
            prePull: false,
            autoApproveAfterSoakInSeconds: 60,
            imageMap: { 'a:ltsc2019': 'a:ltsc2022' },
          },
        },
      },
    ],
    [
      ['start', '--body', '{"clusterResourceId":"x","poolName":"p"}'],
      {},
      { body: { clusterResourceId: 'x', poolName: 'p' } },
    ],
  ])('%j', (argv, env, expected) => {
    expect(parseCommandLine(argv, env)).toMatchObject(expected);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['status'], 'status needs the upgrade id'],
    [['plan', '--pool', 'p'], '--cluster <resource id> is required'],
    [['plan', '--cluster', CLUSTER], '--pool <name> is required'],
    [
      ['start', '--cluster', CLUSTER, '--pool', 'p', '--auto-approve-after', 'soon'],
      'not a whole number',
    ],
    [['start', '--cluster', CLUSTER, '--pool', 'p', '--image-map', 'nope'], 'is not from=to'],
    [['start', '--body', '[1]'], '--body: not a JSON object'],
    [['fleet', '--url', 'not a url'], 'is not a URL'],
    [['terminate', 'abc'], 'terminate needs --reason <text>'],
    [['terminate', '--reason', 'x'], 'terminate needs the upgrade id'],
    [['fleet', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

const status = (over: Partial<UpgradeStatus> = {}): UpgradeStatus => ({
  phase: 'Running',
  cluster: CLUSTER,
  sourcePool: 'win19',
  targetPool: 'win22',
  targetOsSku: 'Windows2022',
  steps: [
    {
      name: 'plan',
      state: 'succeeded',
      startedAt: '2026-04-01T10:00:00Z',
      endedAt: '2026-04-01T10:00:05Z',
    },
    {
      name: 'createPool',
      state: 'running',
      startedAt: '2026-04-01T10:00:05Z',
      detail: '1/3 nodes ready',
    },
    { name: 'rollout', state: 'pending' },
  ],
  workloads: { ready: 2, total: 5 },
  awaitingApproval: false,
  ...over,
});

describe('progress rendering', () => {
  const now = new Date('2026-04-01T10:01:35Z');
  it('shows steps with state and times, workloads and the last error', () => {
    const view: UpgradeView = {
      id: 'u1',
      runtimeStatus: 'Running',
      status: status({
        lastError: { code: 'PDB_BLOCKED', message: 'pdb web blocks eviction' },
      }),
    };
    expect(renderProgress(view, now)).toEqual([
      'u1 Running · Running',
      '  aks1 pool win19 -> win22 (Windows2022)',
      '  ✔ plan           succeeded 10:00:00-10:00:05 5s',
      '  ▶ createPool     running   10:00:05 1m30s  1/3 nodes ready',
      '  · rollout        pending  ',
      '  workloads ready 2/5',
      '  last error [PDB_BLOCKED] pdb web blocks eviction',
    ]);
  });

  it('says so when nothing is reported yet', () => {
    expect(renderProgress({ id: 'u1', runtimeStatus: 'Pending' })).toEqual([
      'u1 Pending',
      '  (no progress reported yet)',
    ]);
  });

  it('redraws in place on a TTY', () => {
    const written: string[] = [];
    const view = createProgressView({ isTTY: true, write: (t) => written.push(t) }, () => now);
    view.update({ id: 'u1', runtimeStatus: 'Running', status: status() });
    view.update({ id: 'u1', runtimeStatus: 'Running', status: status() });
    expect(written[0]).not.toContain('\u001b[');
    expect(written[1]?.startsWith('\u001b[6F\u001b[0J')).toBe(true);
  });

  it('prints only new lines when not a TTY', () => {
    const written: string[] = [];
    let t = now;
    const view = createProgressView({ write: (x) => written.push(x) }, () => t);
    view.update({ id: 'u1', runtimeStatus: 'Running', status: status() });
    t = new Date(now.getTime() + 5000);
    view.update({ id: 'u1', runtimeStatus: 'Running', status: status() });
    view.update({
      id: 'u1',
      runtimeStatus: 'Running',
      status: status({ workloads: { ready: 3, total: 5 } }),
    });
    expect(written).toHaveLength(2);
    expect(written[1]).toBe('  workloads ready 3/5\n');
  });
});

describe('winshift main over a fake API', () => {
  const io = (responses: Record<string, () => Response>) => fakeApi(responses);
  const json =
    (body: unknown, status = 200) =>
    () =>
      Response.json(body, { status });

  it('watch polls until the upgrade completes and exits 0', async () => {
    const views = [
      { runtimeStatus: 'Running', status: status() },
      {
        runtimeStatus: 'Completed',
        status: status({ phase: 'Completed', workloads: { ready: 5, total: 5 } }),
      },
    ];
    const t = io({ 'GET /api/upgrades/u1': () => Response.json(views.shift()) });
    expect(await main(['watch', 'u1'], t.io)).toBe(0);
    expect(t.requests.map((r) => [r.method, r.url, r.key])).toEqual([
      ['GET', 'http://127.0.0.1:7071/api/upgrades/u1', 'key1'],
      ['GET', 'http://127.0.0.1:7071/api/upgrades/u1', 'key1'],
    ]);
    expect(t.out.join('')).toContain('workloads ready 5/5');
  });

  it('watch exits 1 for a rolled-back upgrade', async () => {
    const t = io({
      'GET /api/upgrades/u1': json({
        runtimeStatus: 'Completed',
        status: status({ phase: 'RolledBack' }),
      }),
    });
    expect(await main(['watch', 'u1'], t.io)).toBe(1);
  });

  it('start posts the body and prints the id; a 409 is reported with its problem text', async () => {
    const t = io({ 'POST /api/upgrades': json({ id: 'u9', statusUrl: 'x' }, 202) });
    expect(await main(['start', '--cluster', CLUSTER, '--pool', 'win19'], t.io)).toBe(0);
    expect(JSON.parse(t.requests[0]?.body ?? '{}')).toEqual({
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      options: {},
    });
    expect(t.out.join('')).toBe('started u9\n');
    const c = io({
      'POST /api/upgrades': json({ title: 'Conflict', detail: 'u9 is running', status: 409 }, 409),
    });
    expect(await main(['start', '--cluster', CLUSTER, '--pool', 'win19'], c.io)).toBe(1);
    expect(c.err.join('')).toBe('winshift: HTTP 409: Conflict: u9 is running\n');
  });

  it.each([
    [['approve', 'u1'], 'POST /api/upgrades/u1/approve', 'approved: u1\n'],
    [['cancel', 'u1'], 'POST /api/upgrades/u1/cancel', 'cancel requested: u1\n'],
  ])('%j', async (argv, route, text) => {
    const t = io({ [route]: json({}, 202) });
    expect(await main(argv, t.io)).toBe(0);
    expect(t.out.join('')).toBe(text);
  });

  it('terminate posts the reason and prints what the run left', async () => {
    const lastError = { code: 'TERMINATED', message: 'stuck; left: new pool w22a exists' };
    const t = io({
      'POST /api/upgrades/u1/terminate': json({ id: 'u1', state: 'Terminated', lastError }, 202),
    });
    expect(await main(['terminate', 'u1', '--reason', 'stuck'], t.io)).toBe(0);
    expect(JSON.parse(t.requests[0]?.body ?? '{}')).toEqual({ reason: 'stuck' });
    expect(t.out.join('')).toBe('terminated: u1\n  stuck; left: new pool w22a exists\n');
  });

  it('fleet prints the report as a table, --json as is', async () => {
    const report = {
      scanId: 's1',
      completedAt: '2026-04-01T06:00:00Z',
      summary: { clusters: 1, windowsPools: 1, retired: 1, retiring: 0, supported: 0 },
      entries: [
        {
          clusterResourceId: CLUSTER,
          poolName: 'win19',
          osSku: 'Windows2019',
          status: 'retired',
          deadline: '2027-04-01',
          reason: 'r',
        },
      ],
    };
    const t = io({ 'GET /api/fleet': json(report) });
    expect(await main(['fleet'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('retired   2027-04-01 aks1/win19 Windows2019  r');
    const j = io({ 'GET /api/fleet': json(report) });
    expect(await main(['fleet', '--json'], j.io)).toBe(0);
    expect(JSON.parse(j.out.join(''))).toEqual(report);
  });

  it('a usage error exits 2 with the usage', async () => {
    const t = io({});
    expect(await main(['status'], t.io)).toBe(2);
    expect(t.err.join('')).toContain('usage: winshift');
  });
});
