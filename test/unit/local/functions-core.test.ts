import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveEntryPoints } from '../../../src/local/functions-core/load-app.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('resolveEntryPoints', () => {
  it('resolves the product app to the compiled functions entry a real host would load', async () => {
    const entries = await resolveEntryPoints(repoRoot);
    expect(entries).toEqual([path.join(repoRoot, 'dist/functions/index.js')]);
  });
});
