import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage, PACKAGE_OUT_DIR } from './package-build.js';

// `npm run package` (azure.yaml's prepackage hook runs it for azd, which itself runs only `build`):
// after `npm run build`, stages the production app in .winshift/package/app (what azure.yaml's
// `dist` ships) and zips the same files to .winshift/package/package.zip. Runs from dist/scripts/,
// so the repository is two levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(repoRoot, PACKAGE_OUT_DIR);

const built = await buildPackage({
  repoRoot,
  outDir,
  log: (line) => console.log(`[package] ${line}`),
});
console.log(`[package] ${built.files} files in ${path.relative(repoRoot, built.zipPath)}`);
