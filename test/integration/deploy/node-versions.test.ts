/**
 * The app loads on every Node version infra/main.bicep lets Flex Consumption run (issue 13 item 10):
 * the compiled entry `dist/functions/index.js`, loaded as the worker loads it (scripts/load-check.ts),
 * registers the same functions on Node 22 (fetched from the npm registry: `npx -p node@22`) as on the
 * Node 24 the repository pins. An API the older runtime lacks fails here, not in Azure.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { declarationsOf, INFRA_DIR, readBicep, stringItems } from '../../support/deploy/bicep.js';
import { loadApp, nodeOf, type LoadedApp } from '../../support/deploy/load-check.js';

const main = readBicep(path.join(INFRA_DIR, 'main.bicep'));
const nodeVersion = declarationsOf(main, 'param').find((p) => p.name === 'nodeVersion')!;
const allowed = stringItems(
  /@allowed\((\[[^\]]*\])\)\s*param nodeVersion /.exec(main.code)?.[1] ?? '[]',
);

describe('the app on every Node version infra/main.bicep allows', () => {
  let reference: LoadedApp;
  beforeAll(async () => {
    reference = await loadApp([process.execPath]);
  }, 120_000);

  it('allows Node 22, the default (every Flex Consumption region offers it), and 24', () => {
    expect(allowed).toEqual(['22', '24']);
    expect(nodeVersion.value).toBe("'22'");
    expect(reference.functions.length).toBeGreaterThan(10);
  });

  // The first run downloads Node 22 from the npm registry (npx caches it).
  it.each(allowed)(
    'loads dist/functions/index.js on Node %s with every function registered',
    async (major) => {
      const loaded = await loadApp(nodeOf(major));
      expect(loaded.node).toMatch(new RegExp(`^v${major}\\.`));
      expect(loaded.functions).toEqual(reference.functions);
    },
    600_000,
  );
});
