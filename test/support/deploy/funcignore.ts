import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The .funcignore patterns winshift uses (a gitignore subset): a leading `/` anchors at the root, a
 * trailing `/` matches a folder and everything below it, `*` matches within one path segment.
 */
export function loadFuncignore(repoRoot: string): string[] {
  return readFileSync(path.join(repoRoot, '.funcignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

export function isIgnored(patterns: readonly string[], relativePath: string): boolean {
  return patterns.some((pattern) => matches(pattern, relativePath));
}

function matches(pattern: string, relativePath: string): boolean {
  const anchored = pattern.startsWith('/');
  const folder = pattern.endsWith('/');
  const body = pattern
    .replace(/^\/|\/$/g, '')
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const prefix = anchored ? '^' : '(?:^|/)';
  const suffix = folder ? '/' : '(?:$|/)';
  return new RegExp(`${prefix}${body}${suffix}`).test(relativePath);
}
