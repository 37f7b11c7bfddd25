/**
 * Issue 12 item 4 in the CLI: `winshift patches <id> [--format yaml|json] [--managed] [--out <dir>]`
 * (the API's answer on stdout, or one file per workload), `winshift plan` showing the blockers and
 * warnings, and `--managed-workloads` in the request body.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';
import { main } from '../../../src/cli/main.js';
import { fakeApi } from './fake-api.js';

const CLUSTER =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';
const ID = `plan-${'a'.repeat(32)}-m1`;

const api = (responses: Record<string, () => Response>) => fakeApi(responses, {});

const FILES = [
  {
    title: 'Deployment payments/web, managed by Flux Kustomization apps/payments',
    path: 'deployment-payments-web.yaml',
    jsonPatchPath: 'deployment-payments-web.json',
    strategicMerge: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'payments' },
      spec: { template: { spec: { nodeSelector: { agentpool: null } } } },
    },
    jsonPatch: [{ op: 'remove', path: '/spec/template/spec/nodeSelector/agentpool' }],
  },
  {
    // A hostile server's name: written inside the directory all the same.
    title: 'DaemonSet monitoring/agent',
    path: '../../escape.yaml',
    jsonPatchPath: '/etc/escape.json',
    strategicMerge: { kind: 'DaemonSet' },
    jsonPatch: [],
  },
];
const PATCHES_PATH = `GET /api/plans/${ID}/patches`;
const YAML_STREAM =
  '# winshift: the change of x\n---\n# Deployment payments/web\nkind: Deployment\n';

describe('winshift patches: arguments', () => {
  it.each<[string[], Record<string, unknown>]>([
    [['patches', ID], { name: 'patches', id: ID, format: 'yaml', managed: false }],
    [
      ['patches', ID, '--format', 'json', '--managed', '--out', 'patches'],
      { name: 'patches', id: ID, format: 'json', managed: true, out: 'patches' },
    ],
  ])('%j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expect.objectContaining(expected));
  });

  it.each([
    [['patches'], 'patches needs the upgrade id'],
    [['patches', ID, '--format', 'xml'], '--format: "xml" is not yaml or json'],
    [['patches', ID, '--out', ''], '--out: a directory is required'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('carries --managed-workloads into the plan and start bodies', () => {
    const argv = ['plan', '--cluster', CLUSTER, '--pool', 'win19', '--managed-workloads', 'refuse'];
    expect(parseCommandLine(argv)).toMatchObject({
      body: { options: { managedWorkloads: 'refuse' } },
    });
  });
});

describe('winshift patches over a fake API', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('prints the YAML stream as the API sent it, asking for YAML', async () => {
    const t = api({
      [PATCHES_PATH]: () =>
        new Response(YAML_STREAM, { headers: { 'content-type': 'application/yaml' } }),
    });
    expect(await main(['patches', ID], t.io)).toBe(0);
    expect(t.out.join('')).toBe(YAML_STREAM);
    expect(t.requests[0]?.accept).toBe('application/yaml');
    expect(new URL(t.requests[0]?.url ?? '').search).toBe('?format=yaml&managed=false');
  });

  it('prints the JSON answer with --format json --managed', async () => {
    const t = api({ [PATCHES_PATH]: () => Response.json({ id: ID, files: FILES }) });
    expect(await main(['patches', ID, '--format', 'json', '--managed'], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(''))).toEqual({ id: ID, files: FILES });
    expect(new URL(t.requests[0]?.url ?? '').search).toBe('?format=json&managed=true');
  });

  it('writes one YAML file per workload into --out, never outside it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winshift-patches-'));
    const out = path.join(dir, 'gitops', 'patches');
    const t = api({ [PATCHES_PATH]: () => Response.json({ id: ID, files: FILES }) });
    expect(await main(['patches', ID, '--managed', '--out', out], t.io)).toBe(0);
    expect(new URL(t.requests[0]?.url ?? '').search).toBe('?format=json&managed=true');
    expect((await readdir(out)).sort()).toEqual(['deployment-payments-web.yaml', 'escape.yaml']);
    const text = await readFile(path.join(out, 'deployment-payments-web.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      '# Deployment payments/web, managed by Flux Kustomization apps/payments',
    );
    expect(parse(text)).toEqual(FILES[0]?.strategicMerge);
    expect(t.out.join('')).toBe(
      `wrote ${path.join(out, 'deployment-payments-web.yaml')}\nwrote ${path.join(out, 'escape.yaml')}\n`,
    );
  });

  it('writes the RFC 6902 patches as JSON files with --format json --out', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winshift-patches-'));
    const t = api({ [PATCHES_PATH]: () => Response.json({ id: ID, files: FILES }) });
    expect(await main(['patches', ID, '--format', 'json', '--out', dir], t.io)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['deployment-payments-web.json', 'escape.json']);
    const ops = JSON.parse(await readFile(path.join(dir, 'deployment-payments-web.json'), 'utf8'));
    expect(ops).toEqual(FILES[0]?.jsonPatch);
  });

  it('says so when there is nothing to patch', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winshift-patches-'));
    const t = api({ [PATCHES_PATH]: () => Response.json({ id: ID, files: [] }) });
    expect(await main(['patches', ID, '--managed', '--out', dir], t.io)).toBe(0);
    expect(t.out.join('')).toBe('no workload to patch\n');
  });

  it('exits 1 with the problem for an id without a stored plan', async () => {
    const t = api({
      [PATCHES_PATH]: () =>
        Response.json(
          { title: 'No such resource', detail: `no stored plan for ${ID}`, status: 404 },
          { status: 404 },
        ),
    });
    expect(await main(['patches', ID], t.io)).toBe(1);
    expect(t.err.join('')).toBe(`winshift: HTTP 404: No such resource: no stored plan for ${ID}\n`);
  });
});

describe('winshift plan shows the blockers and warnings', () => {
  const answer = {
    id: ID,
    state: 'Completed',
    executable: true,
    plan: {
      sourcePool: 'win19',
      sourceOsSku: 'Windows2019',
      targetPool: 'w22a',
      targetOsSku: 'Windows2022',
      workloads: [{}, {}, {}],
      daemonSets: [{}],
    },
    blockers: [],
    warnings: [
      {
        code: 'GITOPS_MANAGED',
        subject: 'Deployment payments/web',
        message: 'Deployment payments/web is managed by Flux Kustomization apps/payments, ...',
      },
    ],
    statusUrl: 'x',
  };

  it('renders the outcome, each warning and where the patches are', async () => {
    const t = api({ 'POST /api/plans': () => Response.json(answer) });
    expect(await main(['plan', '--cluster', CLUSTER, '--pool', 'win19'], t.io)).toBe(0);
    expect(t.out.join('')).toBe(
      [
        `plan ${ID}: Completed (executable)`,
        '  win19 (Windows2019) -> w22a (Windows2022): 3 workloads, 1 DaemonSets',
        '  warning GITOPS_MANAGED Deployment payments/web: Deployment payments/web is managed by Flux Kustomization apps/payments, ...',
        `  the patches to commit: winshift patches ${ID} --managed --out <dir>`,
        '',
      ].join('\n'),
    );
  });

  it('renders a refusal by policy as a blocker', async () => {
    const blocked = {
      ...answer,
      state: 'Blocked',
      executable: false,
      blockers: answer.warnings,
      warnings: [],
    };
    const t = api({ 'POST /api/plans': () => Response.json(blocked) });
    expect(await main(['plan', '--cluster', CLUSTER, '--pool', 'win19'], t.io)).toBe(0);
    expect(t.out.join('')).toContain(`plan ${ID}: Blocked (not executable)`);
    expect(t.out.join('')).toContain('  blocker GITOPS_MANAGED Deployment payments/web: ');
  });

  it('prints the raw answer with --json', async () => {
    const t = api({ 'POST /api/plans': () => Response.json(answer) });
    expect(await main(['plan', '--cluster', CLUSTER, '--pool', 'win19', '--json'], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(''))).toEqual(answer);
  });

  it('says where to look when planning takes longer (202)', async () => {
    const t = api({
      'POST /api/plans': () => Response.json({ id: ID, statusUrl: 'x' }, { status: 202 }),
    });
    expect(await main(['plan', '--cluster', CLUSTER, '--pool', 'win19'], t.io)).toBe(0);
    expect(t.out.join('')).toBe(`planning ${ID} takes longer: winshift status ${ID}\n`);
  });
});
