import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../support/azure-examples.js';

// The layer rules of .dependency-cruiser.js bite: the real depcruise binary, with the project's
// config and tsconfig, cruises small trees laid out like the repository, one with a deliberate
// violation of each rule and one without.

const BIN = path.join(REPO_ROOT, 'node_modules', '.bin');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.js');

/** Modules every layer may have: each allowed edge between the layers appears once. */
const CLEAN: Record<string, string> = {
  'src/domain/plan.ts': "import { poolName } from './naming.js';\nexport const plan = poolName;\n",
  'src/domain/naming.ts': "export const poolName = 'w22a';\n",
  'src/ports/azure.ts':
    "import type { plan } from '../domain/plan.js';\nexport interface AksPort { plan: typeof plan }\n",
  'src/adapters/aks.ts': [
    "import type { ComputeManagementClient } from '@azure/arm-compute';",
    "import type { AksPort } from '../ports/azure.js';",
    'export type Aks = AksPort & { client?: ComputeManagementClient };',
    '',
  ].join('\n'),
  'src/config.ts':
    "import { poolName } from './domain/naming.js';\nexport const config = { poolName };\n",
  'src/composition.ts': [
    "import type { Aks } from './adapters/aks.js';",
    "import { config } from './config.js';",
    'export const composition = { config, aks: undefined as Aks | undefined };',
    '',
  ].join('\n'),
  'src/workflow/contracts.ts': [
    "import * as df from 'durable-functions';",
    "import { plan } from '../domain/plan.js';",
    'export const ORCHESTRATOR = { upgrade: plan, df };',
    '',
  ].join('\n'),
  'src/activities/index.ts': [
    "import type { AksPort } from '../ports/azure.js';",
    "import { ORCHESTRATOR } from '../workflow/contracts.js';",
    'export const createActivities = (aks: AksPort): unknown => [aks, ORCHESTRATOR];',
    '',
  ].join('\n'),
  'src/app/start.ts':
    "import type { AksPort } from '../ports/azure.js';\nexport const start = (aks: AksPort): AksPort => aks;\n",
  'src/api/routes.ts': "import { start } from '../app/start.js';\nexport const ROUTES = [start];\n",
  'src/fleet/scan.ts': "import { start } from '../app/start.js';\nexport const scan = start;\n",
  'src/cli/sign-in.ts':
    "import { AzureCliCredential } from '@azure/identity';\nexport const signIn = AzureCliCredential;\n",
  'src/local/host.ts': "import { world } from '../sandbox/world.js';\nexport const host = world;\n",
  'src/sandbox/world.ts':
    "import { poolName } from '../domain/naming.js';\nexport const world = poolName;\n",
  'functions/index.ts': [
    "import { app } from '@azure/functions';",
    "import { ROUTES } from '../src/api/routes.js';",
    "import { composition } from '../src/composition.js';",
    "import { createActivities } from '../src/activities/index.js';",
    'export const registered = [app, ROUTES, composition, createActivities];',
    '',
  ].join('\n'),
  'test/unit/world.test.ts': [
    "import { KubeConfig } from '@kubernetes/client-node';",
    "import { host } from '../../src/local/host.js';",
    'export const checked = [host, KubeConfig];',
    '',
  ].join('\n'),
};

/** One deliberate violation per rule: the module, its text, and each [rule, from, to] it must cause. */
const VIOLATIONS: [string, string, [string, string, string][]][] = [
  [
    'src/domain/uses-adapter.ts',
    "import { b } from '../adapters/b.js';\nexport const a = b;\n",
    [
      ['domain-imports-only-domain', 'src/domain/uses-adapter.ts', 'src/adapters/b.ts'],
      ['adapters-built-only-by-composition', 'src/domain/uses-adapter.ts', 'src/adapters/b.ts'],
    ],
  ],
  [
    'src/domain/reads-file.ts',
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    // depcruise names a core module without its node: prefix
    [['domain-no-io-or-packages', 'src/domain/reads-file.ts', 'fs']],
  ],
  [
    'src/x/a.ts',
    "import type { B } from './b.js';\nexport interface A { b?: B }\n",
    [['no-circular', 'src/x/a.ts', 'src/x/b.ts']],
  ],
  [
    'src/x/b.ts',
    "import type { A } from './a.js';\nexport interface B { a?: A }\n",
    [], // a cycle is reported once, at its first module
  ],
  ['src/adapters/b.ts', 'export const b = 1;\n', []],
  [
    'src/ports/store.ts',
    "import type { ORCHESTRATOR } from '../workflow/contracts.js';\nexport type S = typeof ORCHESTRATOR;\n",
    [['ports-import-only-domain', 'src/ports/store.ts', 'src/workflow/contracts.ts']],
  ],
  [
    'src/workflow/w.ts',
    "import { b } from '../adapters/b.js';\nexport const w = b;\n",
    [
      ['workflow-not-to-outer-layers', 'src/workflow/w.ts', 'src/adapters/b.ts'],
      ['adapters-built-only-by-composition', 'src/workflow/w.ts', 'src/adapters/b.ts'],
    ],
  ],
  [
    'src/adapters/calls-activities.ts',
    "import { createActivities } from '../activities/index.js';\nexport const c = createActivities;\n",
    [['adapters-not-to-callers', 'src/adapters/calls-activities.ts', 'src/activities/index.ts']],
  ],
  [
    'src/app/knows-api.ts',
    "import { ROUTES } from '../api/routes.js';\nexport const k = ROUTES;\n",
    [['app-not-to-edges', 'src/app/knows-api.ts', 'src/api/routes.ts']],
  ],
  [
    'src/fleet/calls-api.ts',
    "import type { ROUTES } from '../api/routes.js';\nexport type R = typeof ROUTES;\n",
    [['edges-independent', 'src/fleet/calls-api.ts', 'src/api/routes.ts']],
  ],
  ['src/sandbox/s.ts', 'export const s = 1;\n', []],
  [
    'functions/f.ts',
    "import { s } from '../src/sandbox/s.js';\nexport const f = s;\n",
    [
      ['no-dev-runtime-in-production', 'functions/f.ts', 'src/sandbox/s.ts'],
      ['functions-only-registrations', 'functions/f.ts', 'src/sandbox/s.ts'],
    ],
  ],
  [
    'functions/g.ts',
    "import { config } from '../src/config.js';\nexport const g = config;\n",
    [['functions-only-registrations', 'functions/g.ts', 'src/config.ts']],
  ],
  [
    'src/activities/uses-sdk.ts',
    "import { ComputeManagementClient } from '@azure/arm-compute';\nexport const u = ComputeManagementClient;\n",
    [['sdk-only-in-adapters', 'src/activities/uses-sdk.ts', '@azure/arm-compute']],
  ],
  [
    'src/cli/sign-in.ts',
    "import { AzureCliCredential } from '@azure/identity';\nimport { ComputeManagementClient } from '@azure/arm-compute';\nexport const signIn = [AzureCliCredential, ComputeManagementClient];\n",
    [['cli-sign-in-only-identity', 'src/cli/sign-in.ts', '@azure/arm-compute']],
  ],
  [
    'src/cli/client.ts',
    "import { AzureCliCredential } from '@azure/identity';\nexport const client = AzureCliCredential;\n",
    [['sdk-only-in-adapters', 'src/cli/client.ts', '@azure/identity']],
  ],
  [
    'src/config.ts',
    "import { b } from './adapters/b.js';\nexport const config = { poolName: String(b) };\n",
    [
      ['config-not-to-adapters', 'src/config.ts', 'src/adapters/b.ts'],
      ['adapters-built-only-by-composition', 'src/config.ts', 'src/adapters/b.ts'],
    ],
  ],
  [
    'src/adapters/connect/agent.ts',
    "import { b } from '../b.js';\nexport const agent = b;\n",
    [['connect-stands-alone', 'src/adapters/connect/agent.ts', 'src/adapters/b.ts']],
  ],
  [
    'src/events/wires-itself.ts',
    "import { b } from '../adapters/b.js';\nexport const e = b;\n",
    [['adapters-built-only-by-composition', 'src/events/wires-itself.ts', 'src/adapters/b.ts']],
  ],
  [
    'src/activities/typo.ts',
    "import { missing } from './no-such-module.js';\nexport const t = missing;\n",
    [['not-to-unresolvable', 'src/activities/typo.ts', './no-such-module.js']],
  ],
];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

interface Cruise {
  /** The errors counted: `npm run lint`'s err-long output exits with this number. */
  errors: number;
  violations: Violation[];
}

/** Writes a tree beside the project's tsconfig.json and package.json, with its node_modules. */
function writeTree(root: string, files: Record<string, string>): void {
  copyFileSync(path.join(REPO_ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** Runs depcruise as `npm run lint` does (node_modules/.bin first on PATH, so its Node). */
function cruise(root: string): Cruise {
  const result = spawnSync(
    path.join(BIN, 'depcruise'),
    ['src', 'functions', 'test', '--config', CONFIG, '--output-type', 'json'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}` },
    },
  );
  if (result.stdout === '') throw new Error(`depcruise printed nothing: ${result.stderr}`);
  const { summary } = JSON.parse(result.stdout) as {
    summary: { error: number; violations: Violation[] };
  };
  return { errors: summary.error, violations: summary.violations };
}

/** A violation as [rule, from, to], an npm package named by its package rather than its file. */
function triple(v: Violation): [string, string, string] {
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(v.to)?.[1];
  return [v.rule.name, v.from, pkg ?? v.to];
}

const byText = (a: string[], b: string[]): number => a.join(' ').localeCompare(b.join(' '));

describe('the dependency-cruiser layer rules', () => {
  let tmp: string;
  let clean: Cruise;
  let dirty: Cruise;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'winshift-layers-'));
    const cleanRoot = path.join(tmp, 'clean');
    const dirtyRoot = path.join(tmp, 'dirty');
    mkdirSync(cleanRoot);
    mkdirSync(dirtyRoot);
    writeTree(cleanRoot, CLEAN);
    writeTree(dirtyRoot, {
      ...CLEAN,
      ...Object.fromEntries(VIOLATIONS.map(([file, text]) => [file, text])),
    });
    clean = cruise(cleanRoot);
    dirty = cruise(dirtyRoot);
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('passes a tree that keeps every rule', () => {
    expect(clean.violations.map(triple)).toEqual([]);
    expect(clean.errors).toBe(0);
  });

  it.each(VIOLATIONS.flatMap(([, , expected]) => expected))(
    'reports %s: %s -> %s',
    (rule, from, to) => {
      expect(dirty.violations.map(triple)).toContainEqual([rule, from, to]);
    },
  );

  it('reports nothing else, each as an error', () => {
    const expected = VIOLATIONS.flatMap(([, , e]) => e);
    expect(dirty.violations.map(triple).sort(byText)).toEqual([...expected].sort(byText));
    expect(dirty.errors).toBe(expected.length);
  });
});
