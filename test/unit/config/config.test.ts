import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, SETTINGS } from '../../../src/config.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const minimal = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  WINSHIFT_TASK_HUB: 'winshift',
  WINSHIFT_SUBSCRIPTIONS: SUB,
};

function caFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'winshift-config-')), 'ca.pem');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies the documented defaults to a minimal configuration', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      storage: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' },
      taskHub: 'winshift',
      subscriptions: [SUB],
      fleetScanSchedule: '0 0 6 * * *',
      retirementWindowDays: 90,
      autoUpgrade: 'off',
      armRequestsPerSecond: 20,
      scanConcurrency: 8,
      planRetentionHours: 24,
    });
    expect(config.sandbox).toBeUndefined();
    for (const spec of SETTINGS.filter((s) => s.default !== undefined)) {
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it('uses identity-based storage when only the account name is given', () => {
    const config = loadConfig({
      WINSHIFT_TASK_HUB: minimal.WINSHIFT_TASK_HUB,
      WINSHIFT_SUBSCRIPTIONS: minimal.WINSHIFT_SUBSCRIPTIONS,
      AzureWebJobsStorage__accountName: 'stwinshift',
      AzureWebJobsStorage__clientId: 'client',
    });
    expect(config.storage).toEqual({
      kind: 'identity',
      accountName: 'stwinshift',
      clientId: 'client',
    });
  });

  it("reads winshift's own principal id (lower case), absent when unset", () => {
    const id = '3C1E6F0A-7D52-4B8E-9F3A-5B2D8C4E1A70';
    expect(loadConfig({ ...minimal, WINSHIFT_PRINCIPAL_ID: id }).principalId).toBe(
      id.toLowerCase(),
    );
    expect(loadConfig(minimal).principalId).toBeUndefined();
  });

  it('lower-cases and de-duplicates the subscription allow list', () => {
    const upper = SUB.toUpperCase();
    expect(
      loadConfig({ ...minimal, WINSHIFT_SUBSCRIPTIONS: `${upper}, ${SUB},` }).subscriptions,
    ).toEqual([SUB]);
  });

  it.each([
    [
      { WINSHIFT_SUBSCRIPTIONS: 'not-a-guid' },
      'WINSHIFT_SUBSCRIPTIONS: not subscription GUIDs: not-a-guid',
    ],
    [{ WINSHIFT_SUBSCRIPTIONS: ' , ' }, 'WINSHIFT_SUBSCRIPTIONS: lists no subscription'],
    [{ WINSHIFT_TASK_HUB: 'x' }, 'WINSHIFT_TASK_HUB: required'],
    [
      { WINSHIFT_PRINCIPAL_ID: 'winshift-app' },
      'WINSHIFT_PRINCIPAL_ID: "winshift-app" is not an object id (GUID)',
    ],
    [
      { WINSHIFT_RETIREMENT_WINDOW_DAYS: '-3' },
      'WINSHIFT_RETIREMENT_WINDOW_DAYS: "-3" is not an integer',
    ],
    [{ WINSHIFT_SCAN_CONCURRENCY: '1.5' }, 'WINSHIFT_SCAN_CONCURRENCY: "1.5"'],
    [
      { WINSHIFT_PLAN_RETENTION_HOURS: '-1' },
      'WINSHIFT_PLAN_RETENTION_HOURS: "-1" is not an integer from 0 to 8760',
    ],
    [{ WINSHIFT_PLAN_RETENTION_HOURS: '1.5' }, 'WINSHIFT_PLAN_RETENTION_HOURS: "1.5"'],
    [{ WINSHIFT_PLAN_RETENTION_HOURS: 'a day' }, 'WINSHIFT_PLAN_RETENTION_HOURS: "a day"'],
    [
      { WINSHIFT_AUTO_UPGRADE: 'always' },
      'WINSHIFT_AUTO_UPGRADE: "always" is not one of off, retired, window',
    ],
    [
      { WINSHIFT_MANAGED_WORKLOADS: 'warn' },
      'WINSHIFT_MANAGED_WORKLOADS: "warn" is not one of allow, refuse',
    ],
    [
      { WINSHIFT_MANAGED_WORKLOADS: 'Refuse' },
      'WINSHIFT_MANAGED_WORKLOADS: "Refuse" is not one of allow, refuse',
    ],
    [{ WINSHIFT_FLEET_SCAN_SCHEDULE: '0 6 * * *' }, 'not a six-field NCRONTAB'],
    [
      { WINSHIFT_POLL_INITIAL_SECONDS: '0' },
      'WINSHIFT_POLL_INITIAL_SECONDS: "0" is not a number of seconds from 0.1 to 600',
    ],
    [{ WINSHIFT_POLL_MAX_SECONDS: 'soon' }, 'WINSHIFT_POLL_MAX_SECONDS: "soon" is not a number'],
    [
      { WINSHIFT_POLL_INITIAL_SECONDS: '5', WINSHIFT_POLL_MAX_SECONDS: '3' },
      'WINSHIFT_POLL_MAX_SECONDS: 3 is below WINSHIFT_POLL_INITIAL_SECONDS 5',
    ],
    [{ WINSHIFT_OS_CALENDAR: '{"Windows2030":{}}' }, 'Windows2030: not an OS SKU'],
    [
      { WINSHIFT_REGISTRY_ALLOW: 'contoso.azurecr.io,10.0.0.1' },
      'WINSHIFT_REGISTRY_ALLOW: "10.0.0.1" is not a host name or *.domain',
    ],
    [
      { WINSHIFT_SANDBOX_TOKEN: 'sandbox:x' },
      'missing: WINSHIFT_SANDBOX_HOST_MAP, WINSHIFT_SANDBOX_CA_FILE',
    ],
  ])('reports %j', (override, expected) => {
    expect(() => loadConfig({ ...minimal, ...override })).toThrow(expected);
  });

  it.each([
    ['0', 0],
    ['72', 72],
    [' 8760 ', 8760],
  ])('reads WINSHIFT_PLAN_RETENTION_HOURS %j', (raw, hours) => {
    expect(loadConfig({ ...minimal, WINSHIFT_PLAN_RETENTION_HOURS: raw }).planRetentionHours).toBe(
      hours,
    );
  });

  it.each([
    [{}, []],
    [
      { WINSHIFT_REGISTRY_ALLOW: ' Contoso.azurecr.io , *.corp.example ' },
      ['contoso.azurecr.io', '*.corp.example'],
    ],
  ])('reads WINSHIFT_REGISTRY_ALLOW of %j', (override, hosts) => {
    expect(loadConfig({ ...minimal, ...override }).registryAllow).toEqual(hosts);
  });

  it.each([
    [{}, 'allow'],
    [{ WINSHIFT_MANAGED_WORKLOADS: 'allow' }, 'allow'],
    [{ WINSHIFT_MANAGED_WORKLOADS: ' refuse ' }, 'refuse'],
  ])('reads WINSHIFT_MANAGED_WORKLOADS of %j', (override, policy) => {
    expect(loadConfig({ ...minimal, ...override }).managedWorkloads).toBe(policy);
  });

  it.each([
    [{}, undefined],
    [{ WINSHIFT_POLL_MAX_SECONDS: '5' }, { pollInitialInSeconds: 2, pollMaxInSeconds: 5 }],
    [
      { WINSHIFT_POLL_INITIAL_SECONDS: '0.2', WINSHIFT_POLL_MAX_SECONDS: '1.5' },
      { pollInitialInSeconds: 0.2, pollMaxInSeconds: 1.5 },
    ],
  ])('reads the poll pacing of %j', (override, expected) => {
    expect(loadConfig({ ...minimal, ...override }).pollPacing).toEqual(expected);
  });

  it('lists every problem in one error', () => {
    let message = '';
    try {
      loadConfig({ WINSHIFT_AUTO_UPGRADE: 'sometimes' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^\[INVALID_INPUT\] configuration is invalid/);
    for (const part of [
      'AzureWebJobsStorage',
      'WINSHIFT_TASK_HUB',
      'WINSHIFT_SUBSCRIPTIONS',
      'WINSHIFT_AUTO_UPGRADE',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('reads the sandbox settings together', () => {
    const file = caFile('-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    const config = loadConfig({
      ...minimal,
      WINSHIFT_SANDBOX_HOST_MAP: '{"management.azure.com":"127.0.0.1:8443"}',
      WINSHIFT_SANDBOX_CA_FILE: file,
      WINSHIFT_SANDBOX_TOKEN: 'sandbox:abc',
    });
    expect(config.sandbox).toMatchObject({
      hostMap: { 'management.azure.com': '127.0.0.1:8443' },
      token: 'sandbox:abc',
    });
    expect(config.sandbox?.caPem).toContain('BEGIN CERTIFICATE');
  });

  it('rejects a sandbox CA file without a certificate and a bad host map', () => {
    expect(() =>
      loadConfig({
        ...minimal,
        WINSHIFT_SANDBOX_HOST_MAP: '{"management.azure.com":"nowhere"}',
        WINSHIFT_SANDBOX_CA_FILE: caFile('hello'),
        WINSHIFT_SANDBOX_TOKEN: 'sandbox:abc',
      }),
    ).toThrow(/WINSHIFT_SANDBOX_HOST_MAP: .*nowhere.*WINSHIFT_SANDBOX_CA_FILE: .* holds no PEM/);
  });
});
