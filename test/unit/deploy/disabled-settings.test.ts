/**
 * `AzureWebJobs.<function>.Disabled` settings named in the docs must name a function the app
 * registers, and one a trigger starts (timer, HTTP, Event Grid): disabling an orchestration or an
 * activity by name stops nothing an operator means to stop (`fleetScan` is the scan's orchestration;
 * its timer is `fleetScanTimer`). The registrations come from loading the compiled app as the worker
 * does (scripts/load-check.ts).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadApp, type LoadedApp } from '../../support/deploy/load-check.js';

const root = process.cwd();
const HOST_TRIGGERS = new Set(['timerTrigger', 'httpTrigger', 'eventGridTrigger']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist', '.git', '.winshift'].includes(entry.name)
        ? []
        : markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** `file: name` for every `AzureWebJobs.<name>.Disabled` the docs mention. */
const mentions = markdownFiles(root).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/AzureWebJobs\.([A-Za-z0-9_-]+)\.Disabled/g)].map(
    (m) => [path.relative(root, file), m[1]!] as const,
  ),
);

describe('AzureWebJobs.<function>.Disabled in the docs', () => {
  let app: LoadedApp;
  beforeAll(async () => {
    app = await loadApp([process.execPath]);
  }, 120_000);

  it('is mentioned (the fleet scan timer in docs/deploy.md)', () => {
    expect(mentions).toContainEqual(['docs/deploy.md', 'fleetScanTimer']);
  });

  it.each(mentions)('%s: %s names a function a trigger starts', (_file, name) => {
    const registered = app.functions.find((f) => f.name.toLowerCase() === name.toLowerCase());
    expect([name, registered?.trigger]).toEqual([name, expect.any(String)]);
    expect([name, HOST_TRIGGERS.has(registered!.trigger)]).toEqual([name, true]);
  });
});
