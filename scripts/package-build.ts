import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipDirectory } from './package-zip.js';

/** Files copied from the repository root into the package (package.json with its engines set). */
export const PACKAGE_ROOT_FILES = ['host.json', 'package.json', 'package-lock.json', '.funcignore'];

/** Where `npm run package` writes (relative to the repository root): azure.yaml's `dist` is its `app`. */
export const PACKAGE_OUT_DIR = '.winshift/package';
export const PACKAGE_APP_DIR = 'app';

/**
 * The Node versions the deployed app runs on: every `nodeVersion` infra/main.bicep allows (22, the
 * default, and 24). The repository's own `engines` says 24, the toolchain's version (ADR 0002); the
 * staged package.json says what the app needs.
 */
export const PRODUCTION_NODE_ENGINES = '>=22 <25';

/** Compiled folders shipped (relative to the repository root). */
export const PACKAGE_DIST_DIRS = ['dist/functions', 'dist/src'];

/** Development runtimes compiled into dist/src but never deployed (STYLE: src/local, src/sandbox). */
export const PACKAGE_EXCLUDED_DIRS = ['dist/src/local', 'dist/src/sandbox'];

/** Emitted files that run (plus source maps, which give Application Insights TypeScript lines). */
const SHIPPED_EXTENSIONS = ['.js', '.mjs', '.cjs', '.json', '.map'];

export interface BuildPackageOptions {
  repoRoot: string;
  /** Where `app/` (the unpacked package) and `package.zip` are written. */
  outDir: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface BuiltPackage {
  appDir: string;
  zipPath: string;
  files: number;
}

/**
 * Stages the production app (compiled code already built by `tsc`) and zips it. The production
 * dependencies come from `npm ci --omit=dev` in the staging folder: exactly the lock file's
 * non-dev packages, no `node` binary, no install scripts (none of the production packages has one).
 */
export async function buildPackage(options: BuildPackageOptions): Promise<BuiltPackage> {
  const log = options.log ?? ((): void => undefined);
  const appDir = path.join(options.outDir, PACKAGE_APP_DIR);
  const zipPath = path.join(options.outDir, 'package.zip');
  await rm(options.outDir, { recursive: true, force: true });
  await mkdir(appDir, { recursive: true });

  for (const file of PACKAGE_ROOT_FILES) {
    await copyFile(path.join(options.repoRoot, file), path.join(appDir, file));
  }
  await setEngines(path.join(appDir, 'package.json'));
  const excluded = new Set(PACKAGE_EXCLUDED_DIRS.map((dir) => path.join(options.repoRoot, dir)));
  for (const dir of PACKAGE_DIST_DIRS) {
    await cp(path.join(options.repoRoot, dir), path.join(appDir, dir), {
      recursive: true,
      filter: (source) => keepCompiled(options.repoRoot, source, excluded),
    });
  }
  log('installing production dependencies (npm ci --omit=dev)');
  await installProductionDependencies(appDir);
  log(`writing ${zipPath}`);
  const files = await zipDirectory(appDir, zipPath, { skip: (rel) => isBinLink(rel) });
  return { appDir, zipPath, files };
}

async function setEngines(packageJson: string): Promise<void> {
  const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as Record<string, unknown>;
  manifest['engines'] = { node: PRODUCTION_NODE_ENGINES };
  await writeFile(packageJson, `${JSON.stringify(manifest, null, 2)}\n`);
}

function keepCompiled(repoRoot: string, source: string, excluded: ReadonlySet<string>): boolean {
  if (excluded.has(source)) return false;
  const extension = path.extname(source);
  // Directories (no extension) are walked; files keep only what runs.
  if (extension === '') return true;
  if (!SHIPPED_EXTENSIONS.includes(extension)) return false;
  return hasSource(repoRoot, source);
}

/**
 * tsc never deletes output: a file renamed or removed in the sources leaves its old .js in dist/.
 * Ship a compiled file only while its source (`.ts`, or the `.json` tsc copied) still exists.
 */
function hasSource(repoRoot: string, compiled: string): boolean {
  const rel = path.relative(path.join(repoRoot, 'dist'), compiled).replace(/\.map$/, '');
  const source = rel.endsWith('.json')
    ? rel
    : rel.replace(/\.(m|c)?js$/, (_m, kind?: string) => `.${kind ?? ''}ts`);
  return existsSync(path.join(repoRoot, source));
}

/** `node_modules/.bin` holds symlinks to CLIs: nothing the app runs. */
function isBinLink(relativePath: string): boolean {
  return relativePath.split('/').includes('.bin');
}

/**
 * `npm ci` from the staged lock file. `--prefer-offline` serves from npm's cache what the
 * development install already fetched, so CI (which reaches only the npm registry) and offline
 * machines with a warm cache both work.
 */
async function installProductionDependencies(appDir: string): Promise<void> {
  const args = [
    'ci',
    '--omit=dev',
    '--ignore-scripts',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
  ];
  // Under `npm run`, npm_execpath is the npm that runs us: use the same one.
  const npmCli = process.env.npm_execpath;
  const [command, commandArgs] =
    npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli, ...args]] : ['npm', args];
  await run(command, commandArgs, appDir);
  await assertNoNodeBinary(appDir);
}

async function assertNoNodeBinary(appDir: string): Promise<void> {
  const entries = await readdir(path.join(appDir, 'node_modules')).catch((): string[] => []);
  if (entries.includes('node')) {
    throw new Error(
      'the production install contains the `node` package: it must be a devDependency',
    );
  }
  const stat = await lstat(path.join(appDir, 'node_modules', '.bin', 'node')).catch(
    () => undefined,
  );
  if (stat) throw new Error('the production install links a `node` binary');
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}
