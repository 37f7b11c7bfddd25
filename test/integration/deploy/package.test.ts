import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { buildPackage, PRODUCTION_NODE_ENGINES } from '../../../scripts/package-build.js';
import { loadApp, nodeOf } from '../../support/deploy/load-check.js';
import { productAppDir, startHostProcess } from '../../support/host-process.js';
import { isIgnored, loadFuncignore } from '../../support/deploy/funcignore.js';

// `npm run package` end to end: one build (npm ci from the cache takes a while), then its contents
// and the local host loading the unpacked zip.
const repoRoot = productAppDir;
let outDir: string;
let zip: Uint8Array;
let entries: string[];

interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'winshift-package-'));
  const built = await buildPackage({ repoRoot, outDir });
  zip = readFileSync(built.zipPath);
  entries = [];
  // List names without inflating anything.
  unzipSync(zip, { filter: (file) => (entries.push(file.name), false) });
  // `npm ci --omit=dev` into the staging folder: ~2.5 min on an idle 2-core machine, far longer when
  // the machine is shared; the bound only catches a hang.
}, 900_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Writes the zip's files under `dir`, a batch at a time so the whole app never sits in memory. */
async function unpack(dir: string): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    const batch = new Set(entries.slice(i, i + 2000));
    const files = unzipSync(zip, { filter: (file) => batch.has(file.name) });
    for (const [name, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), data);
    }
  }
}

let unpackedDir: Promise<string> | undefined;

/** The zip unpacked once, for the tests that load it. */
function unpacked(): Promise<string> {
  unpackedDir ??= (async (): Promise<string> => {
    const dir = path.join(outDir, 'unpacked');
    await unpack(dir);
    return dir;
  })();
  return unpackedDir;
}

async function listedFunctions(appDir: string): Promise<string[]> {
  const host = await startHostProcess({
    appDir,
    settings: {
      WINSHIFT_TASK_HUB: 'packagetest',
      WINSHIFT_SUBSCRIPTIONS: '00000000-0000-0000-0000-000000000001',
    },
  });
  try {
    const res = await fetch(`${host.origin}/admin/functions`, {
      headers: { 'x-functions-key': host.keys.master },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { name: string }[]).map((f) => f.name).sort();
  } finally {
    await host.stop();
  }
}

describe('npm run package', () => {
  it('holds the app files at the zip root and the compiled production code', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'host.json',
        'package.json',
        'package-lock.json',
        'dist/functions/index.js',
      ]),
    );
    expect(entries.some((e) => e.startsWith('dist/src/domain/'))).toBe(true);
  });

  it.each([
    'dist/src/local/',
    'dist/src/sandbox/',
    'dist/test/',
    'dist/bench/',
    'dist/scripts/',
    'src/',
    'test/',
    'functions/',
    'infra/',
  ])('leaves out %s', (prefix) => {
    expect(entries.filter((e) => e.startsWith(prefix))).toEqual([]);
  });

  it('holds no TypeScript sources of the app and no Node binary', () => {
    expect(entries.filter((e) => !e.startsWith('node_modules/') && e.endsWith('.ts'))).toEqual([]);
    expect(
      entries.filter((e) => e.startsWith('node_modules/node/') || /(^|\/)\.bin\//.test(e)),
    ).toEqual([]);
    expect(entries.filter((e) => path.posix.basename(e) === 'node')).toEqual([]);
  });

  it('holds exactly the production packages of the lock file', () => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const installed = new Set(
      entries
        .filter((e) => e.endsWith('/package.json'))
        .map((e) => e.slice(0, -'/package.json'.length)),
    );
    const packages = Object.entries(lock.packages).filter(([key]) =>
      key.startsWith('node_modules/'),
    );
    const devShipped = packages
      .filter(([key, entry]) => entry.dev && installed.has(key))
      .map(([key]) => key);
    const prodMissing = packages
      .filter(
        ([key, entry]) =>
          !entry.dev && !entry.optional && !entry.devOptional && !entry.peer && !installed.has(key),
      )
      .map(([key]) => key);
    expect(devShipped).toEqual([]);
    expect(prodMissing).toEqual([]);
    expect(installed.has('node_modules/durable-functions')).toBe(true);
  });

  it('ships nothing .funcignore excludes, so azd deploys the same files', () => {
    const patterns = loadFuncignore(repoRoot);
    expect(isIgnored(patterns, 'dist/src/sandbox/arm/index.js')).toBe(true);
    expect(entries.filter((e) => isIgnored(patterns, e))).toEqual([]);
  });

  it('loads in the local host with the same functions as the repository app', async () => {
    const fromPackage = await listedFunctions(await unpacked());
    const fromRepo = await listedFunctions(repoRoot);
    // functions/index.ts registers the orchestrations at least: an empty pair would prove nothing.
    expect(fromRepo.length).toBeGreaterThan(0);
    expect(fromPackage).toEqual(fromRepo);
  }, 180_000);

  it("declares the Node versions it runs on (22 and 24), not the toolchain's 24", () => {
    const staged = unzipSync(zip, { filter: (file) => file.name === 'package.json' });
    const manifest = JSON.parse(Buffer.from(staged['package.json']!).toString('utf8')) as {
      engines?: { node?: string };
    };
    expect(manifest.engines).toEqual({ node: PRODUCTION_NODE_ENGINES });
  });

  it('loads on Node 22 (the Bicep default) with its own production dependencies', async () => {
    const appDir = await unpacked();
    const [on22, on24] = await Promise.all([
      loadApp(nodeOf('22'), appDir),
      loadApp([process.execPath], appDir),
    ]);
    expect(on22.node).toMatch(/^v22\./);
    expect(on22.functions).toEqual(on24.functions);
  }, 600_000);
});
