import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (source or compiled under dist/), never the cwd. */
export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..',
);

/**
 * The official Azure REST example payloads, copied into the repository (their sources and licence:
 * test/fixtures/azure-api-examples/README.md). Tests read them here; nothing reads outside the repo.
 */
export const AZURE_EXAMPLES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'azure-api-examples');
