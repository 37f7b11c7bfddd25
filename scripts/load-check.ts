/**
 * `node dist/scripts/load-check.js [appDir]`: loads a Functions app the way the Node.js worker does
 * (the package.json `main` entry, `@azure/functions-core` provided by the local host's stand-in) and
 * prints one JSON line: the Node version and the functions the app registered, each with its trigger. The deployment tests
 * run it under every Node version infra/main.bicep allows (a Node 22 binary from the npm registry's
 * `node` package), so an API a runtime lacks fails there, not in Azure. Default app: this repository.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFunctionsApp } from '../src/local/functions-core/load-app.js';
import { triggerOf } from '../src/local/functions-core/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appDir = path.resolve(process.argv[2] ?? repoRoot);
const core = await loadFunctionsApp(appDir, () => undefined);
const functions = [...core.registrations.values()]
  .map((r) => ({ name: r.metadata.name, trigger: triggerOf(r).type }))
  .sort((a, b) => a.name.localeCompare(b.name));
console.log(JSON.stringify({ node: process.version, functions }));
