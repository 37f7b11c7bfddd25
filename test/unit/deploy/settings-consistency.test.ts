import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../../src/config.js';
import {
  INFRA_DIR,
  declarationsOf,
  objectEntries,
  objectsIn,
  readBicep,
} from '../../support/deploy/bicep.js';

const repoRoot = path.resolve(INFRA_DIR, '..');

/** App setting names main.bicep's app (infra/app/resources.bicep) sets, in any of its branches. */
function bicepAppSettings(): Set<string> {
  const resources = readBicep(path.join(INFRA_DIR, 'app', 'resources.bicep'));
  const names = new Set<string>();
  for (const declaration of declarationsOf(resources, 'var')) {
    if (!declaration.name.endsWith('Settings')) continue;
    for (const object of objectsIn(declaration.value)) {
      for (const key of objectEntries(object).keys()) names.add(key);
    }
  }
  return names;
}

/** Setting names documented in docs/deploy.md's settings table (first column, in backticks). */
function documentedSettings(): Set<string> {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'deploy.md'), 'utf8');
  return new Set([...doc.matchAll(/^\|\s*`([A-Za-z_]+)`\s*\|/gm)].map((m) => m[1]!));
}

const inBicep = bicepAppSettings();
const documented = documentedSettings();

/** Settings the Functions host reads (not config.ts) that infra sets on purpose. */
const HOST_SETTINGS = [
  'AzureWebJobsStorage__credential',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  'AzureFunctionsJobHost__extensions__durableTask__storageProvider__type',
  'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName',
  'DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
];

describe('settings: src/config.ts SETTINGS vs infra and the samples', () => {
  it('finds the settings in main.bicep', () => {
    expect(inBicep.size).toBeGreaterThan(5);
  });

  it.each(SETTINGS.filter((s) => s.required).map((s) => s.name))(
    'required %s is set by main.bicep',
    (name) => {
      expect(inBicep.has(name)).toBe(true);
    },
  );

  it.each(SETTINGS.filter((s) => !s.required).map((s) => s.name))(
    'optional %s is set by main.bicep or documented in docs/deploy.md',
    (name) => {
      expect(inBicep.has(name) || documented.has(name)).toBe(true);
    },
  );

  it('sets identity-based storage, not a connection string, in Azure', () => {
    expect(inBicep.has('AzureWebJobsStorage__accountName')).toBe(true);
    expect(inBicep.has('AzureWebJobsStorage')).toBe(false);
  });

  it('sets nothing that neither config.ts nor the host reads', () => {
    const known = new Set([...SETTINGS.map((s) => s.name), ...HOST_SETTINGS]);
    expect([...inBicep].filter((name) => !known.has(name))).toEqual([]);
  });

  it('never sets a sandbox setting in Azure', () => {
    expect([...inBicep].filter((name) => name.startsWith('WINSHIFT_SANDBOX_'))).toEqual([]);
  });

  it('documents every setting of config.ts in docs/deploy.md', () => {
    expect(SETTINGS.map((s) => s.name).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('local.settings.sample.json lists the same keys as SETTINGS (plus the worker runtime)', () => {
    const sample = JSON.parse(
      readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8'),
    ) as {
      Values: Record<string, string>;
    };
    const keys = Object.keys(sample.Values).filter((k) => k !== 'FUNCTIONS_WORKER_RUNTIME');
    expect(keys.sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  });
});
