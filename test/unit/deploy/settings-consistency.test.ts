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

/** The rows of a markdown table under `heading`: cells without their pipes, trimmed. */
function tableRows(file: string, heading: string): string[][] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  const section = text.slice(start + heading.length + 2).split(/\n#+ /)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** The row naming `name` in its first column (in backticks), if any. */
const rowOf = (rows: string[][], name: string): string[] | undefined =>
  rows.find((row) => row[0]?.includes(`\`${name}\``));

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

  // README "Settings" and docs/deploy.md "App settings": a row per setting, its default in the
  // third column; the sample carries the default as its value.
  it.each([
    ['README.md', '## Settings'],
    [
      'docs/deploy.md',
      '## App settings (src/config.ts `SETTINGS`; infra sets these, the test keeps the lists equal)',
    ],
  ])('%s documents every setting with its default', (file, heading) => {
    const rows = tableRows(file, heading);
    expect(rows.length).toBeGreaterThan(5);
    for (const setting of SETTINGS) {
      const row = rowOf(rows, setting.name);
      expect([setting.name, row !== undefined]).toEqual([setting.name, true]);
      if (setting.default !== undefined)
        expect([setting.name, row?.[2]]).toEqual([setting.name, `\`${setting.default}\``]);
    }
  });

  it('local.settings.sample.json gives each setting that has a default that default', () => {
    const sample = JSON.parse(
      readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8'),
    ) as { Values: Record<string, string> };
    for (const setting of SETTINGS.filter((s) => s.default !== undefined))
      expect([setting.name, sample.Values[setting.name]]).toEqual([setting.name, setting.default]);
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
