import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage } from './package-build.js';

// `npm run package` (azd runs it too): after `npm run build`, stages the production app in
// .winshift/package/app (what azure.yaml's `dist` ships) and zips the same files to
// .winshift/package/package.zip. Runs from dist/scripts/, so the repository is two levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(repoRoot, '.winshift', 'package');

const built = await buildPackage({
  repoRoot,
  outDir,
  log: (line) => console.log(`[package] ${line}`),
});
console.log(`[package] ${built.files} files in ${path.relative(repoRoot, built.zipPath)}`);
