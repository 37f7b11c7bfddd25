import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/azure-examples.js';

// test/unit is pure: orchestrators run on the replay harness, nothing on the local Durable engine,
// its Azure Tables store or Azurite (those runs are integration tests). This follows every relative
// import a unit test loads, through test/support and src/, and names what reaches one of them.
const FORBIDDEN = [
  'src/local/durable/engine.ts',
  'src/local/durable/store.ts',
  'src/local/services/azurite.ts',
];
/** The setting jest's globalSetup publishes Azurite's connection string in (spelled so this file is not an offender). */
const STORAGE_SETTING = ['WINSHIFT', 'TEST', 'STORAGE'].join('_');

/** Relative modules a file loads, `import type` and `export type` left out (they load nothing). */
export function runtimeImports(text: string): string[] {
  const found: string[] = [];
  const statements = /\b(import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/g;
  for (const [, , typeOnly, spec] of text.matchAll(statements)) {
    if (!typeOnly && spec?.startsWith('.')) found.push(spec);
  }
  for (const [, spec] of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (spec?.startsWith('.')) found.push(spec);
  }
  return found;
}

function resolveSource(from: string, spec: string): string | undefined {
  const target = path.resolve(path.dirname(from), spec).replace(/\.js$/, '.ts');
  return existsSync(target) ? target : undefined;
}

/** Why a unit test file is not pure (what it reaches, through which file), or undefined. */
function impurity(file: string): string | undefined {
  const seen = new Set<string>();
  const queue: [string, string][] = [[file, path.relative(REPO_ROOT, file)]];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [current, via] = next;
    if (seen.has(current)) continue;
    seen.add(current);
    const relative = path.relative(REPO_ROOT, current);
    if (FORBIDDEN.includes(relative)) return `reaches ${relative} via ${via}`;
    const text = readFileSync(current, 'utf8');
    if (relative.startsWith('test/') && text.includes(STORAGE_SETTING)) {
      return `${relative} reads ${STORAGE_SETTING} (Azurite)`;
    }
    for (const spec of runtimeImports(text)) {
      const target = resolveSource(current, spec);
      if (target) queue.push([target, relative]);
    }
  }
  return undefined;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('test/unit is pure', () => {
  it('no unit test loads the local Durable engine, its store or Azurite', () => {
    const files = testFiles(path.join(REPO_ROOT, 'test', 'unit'));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) => {
      const why = impurity(file);
      return why ? [`${path.relative(REPO_ROOT, file)}: ${why}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it.each([
    ["import { DurableEngine } from '../x/engine.js';", ['../x/engine.js']],
    ["import type { InstanceRecord } from '../x/store.js';", []],
    ["import {\n  type A,\n  b,\n} from './a.js';\nexport type { C } from './c.js';", ['./a.js']],
    ["export { d } from './d.js';\nawait import('../e.js');", ['./d.js', '../e.js']],
    ["import { jest } from '@jest/globals';", []],
  ])('finds the modules %j loads', (text, modules) => {
    expect(runtimeImports(text)).toEqual(modules);
  });
});
