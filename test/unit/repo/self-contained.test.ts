import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/azure-examples.js';

// Nothing the project needs may live outside the repository: a fresh clone with nothing beside it
// must build, test and start. This scans every tracked and new source file for paths that leave it.
const SOURCE = /\.(ts|js|mjs|cjs|sh|json|yaml|yml|bicep)$|^\.ci\/run$/;

function projectFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((f) => SOURCE.test(f))
    .filter((f) => !f.startsWith('test/fixtures/azure-api-examples/'))
    .filter((f) => f !== 'package-lock.json' && f !== 'test/unit/repo/self-contained.test.ts');
}

// The workspace folder beside the clone, spelled in parts so this file names no outside path itself.
const NEIGHBOUR = ['sha', 'red'].join('');
const JOINS_NEIGHBOUR = new RegExp(`['"\`]\\.\\.['"\`]\\s*,\\s*['"\`]${NEIGHBOUR}['"\`]`);
const NAMES_EXAMPLES = new RegExp(`${NEIGHBOUR}['"\`]?\\s*[/,]\\s*['"\`]?azure-api-examples`);

/** Where a file's text names a place outside the repository (the reason, or undefined). */
export function escapes(file: string, text: string): string | undefined {
  if (JOINS_NEIGHBOUR.test(text)) return `joins '..', '${NEIGHBOUR}'`;
  if (NAMES_EXAMPLES.test(text)) return `names ${NEIGHBOUR}/azure-api-examples`;
  // A relative path literal climbing more folders than the file sits below the root escapes it
  // (one more is allowed: compiled files run from dist/, one folder deeper).
  const depth = file.split('/').length - 1;
  for (const match of text.matchAll(/['"`]((?:\.\.\/)*\.\.)(?:\/[^'"`]*)?['"`]/g)) {
    const ups = (match[1] ?? '').split('..').length - 1;
    if (ups > depth + 1) return `climbs ${ups} folders from depth ${depth}: ${match[0]}`;
  }
  return undefined;
}

describe('the repository is self-contained', () => {
  it('no project file reads a path outside the repository', () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => {
      const reason = escapes(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'));
      return reason === undefined ? [] : [`${file}: ${reason}`];
    });
    expect(offenders).toEqual([]);
  });

  it.each([
    ['test/unit/x.test.ts', `path.join(repo, '..', '${NEIGHBOUR}', 'azure-api-examples')`, true],
    ['src/a.ts', `readFileSync('../${NEIGHBOUR}/azure-api-examples/x.json')`, true],
    ['test/unit/x.test.ts', "path.resolve(here, '../../../../..')", true],
    ['test/support/x.ts', "path.resolve(here, '../../..')", false],
    ['src/activities/x.ts', `import { a } from '../${NEIGHBOUR}/deps.js'`, false],
  ])('the check flags %s %s: %s', (file, text, flagged) => {
    expect(escapes(file, text) !== undefined).toBe(flagged);
  });
});
