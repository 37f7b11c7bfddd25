import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installCoreStandIn } from './require-hook.js';
import { FunctionsCoreStandIn, type LogSink } from './stand-in.js';

/**
 * Loads a Functions app the way the Node.js worker does: the entry (or glob) named by `main` in the
 * app's package.json, with `@azure/functions-core` provided by the stand-in.
 */
export async function loadFunctionsApp(
  appDir: string,
  sink?: LogSink,
): Promise<FunctionsCoreStandIn> {
  const core = new FunctionsCoreStandIn(sink);
  installCoreStandIn(core);
  for (const file of await resolveEntryPoints(appDir)) {
    await import(pathToFileURL(file).href);
  }
  const appStart = core.hooks.get('appStart') ?? [];
  for (const hook of appStart)
    await hook({ hookData: {}, appHookData: {}, functionAppDirectory: appDir });
  return core;
}

export async function resolveEntryPoints(appDir: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(appDir, 'package.json'), 'utf8')) as {
    main?: string;
  };
  if (!pkg.main) throw new Error(`${appDir}/package.json has no "main" entry`);
  const main = path.resolve(appDir, pkg.main);
  if (!main.includes('*')) return [main];
  // The worker accepts a glob in `main`; the local host supports one `*` in the file name.
  const dir = path.dirname(main);
  const pattern = new RegExp(
    '^' +
      path
        .basename(main)
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace('*', '.*') +
      '$',
  );
  const files = (await readdir(dir)).filter((name) => pattern.test(name)).sort();
  return files.map((name) => path.join(dir, name));
}
