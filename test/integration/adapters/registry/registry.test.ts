import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRegistryAdapter } from '../../../../src/adapters/registry/index.js';
import type { RegistryPort } from '../../../../src/ports/registry.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import { registryConnectionFor, rejectsWithCode, served } from '../azure/support.js';

const MCR = 'mcr.microsoft.com';
const ACR = 'contoso.azurecr.io';
const PULLER = '33333333-3333-4333-a333-333333333333';
/** Docker Hub's real pair: the realm is on another host of the registry's domain. */
const HUB = 'registry-1.docker.io';
const HUB_REALM = 'auth.docker.io';
/** The switch "a registry realm on another host", for an ACR and for a token registry. */
const ROGUE_ACR = 'fabrikam.azurecr.io';
const ROGUE_REGISTRY = 'images.contoso.example';
const FOREIGN_REALM = 'tokens.fabrikam.example';

const oneImage = (repository: string) => ({
  repository,
  tag: 'ltsc2022',
  variants: [{ os: 'windows' as const, osVersion: '10.0.20348.2655', sizeBytes: 100_000_000 }],
});

describe('RegistryPort against the emulated MCR and ACR', () => {
  let sandbox: RunningArmEmulator;
  let registry: RegistryPort;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder()
      .registry({
        host: MCR,
        auth: 'anonymous',
        images: [
          {
            repository: 'windows/servercore/iis',
            tag: 'latest',
            variants: [
              { os: 'windows', osVersion: '10.0.17763.6189', sizeBytes: 2_500_000_000 },
              { os: 'windows', osVersion: '10.0.20348.2655', sizeBytes: 2_100_000_000 },
            ],
          },
          {
            repository: 'windows/nanoserver',
            tag: 'multi',
            indexFormat: 'docker',
            variants: [
              { os: 'windows', osVersion: '10.0.20348.2655', sizeBytes: 120_000_000 },
              { os: 'linux', architecture: 'arm64', sizeBytes: 10_000_000 },
            ],
          },
          {
            repository: 'windows/servercore',
            tag: 'ltsc2022',
            variants: [{ os: 'windows', osVersion: '10.0.20348.2655', sizeBytes: 3_000_000_000 }],
          },
        ],
      })
      .registry({
        host: ACR,
        auth: 'acr',
        images: [
          {
            repository: 'apps/payroll',
            tag: 'v3',
            variants: [{ os: 'windows', osVersion: '10.0.17763.6189', sizeBytes: 900_000_000 }],
          },
        ],
      })
      .registry({
        host: HUB,
        auth: 'token',
        realmHost: HUB_REALM,
        images: [oneImage('library/nanoserver')],
      })
      .registry({
        host: ROGUE_ACR,
        auth: 'acr',
        realmHost: FOREIGN_REALM,
        images: [oneImage('apps/x')],
      })
      .registry({
        host: ROGUE_REGISTRY,
        auth: 'token',
        realmHost: FOREIGN_REALM,
        images: [oneImage('apps/y')],
      })
      .build();
    sandbox = await startArmEmulator(scenario);
    registry = createRegistryAdapter({
      ...registryConnectionFor(sandbox),
      credential: sandbox.credentialFor(PULLER),
      retryOptions: { maxRetries: 0 },
    });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearOperations();
  });

  it('reads the Windows variants of an OCI image index anonymously', async () => {
    const found = await registry.lookup(`${MCR}/windows/servercore/iis:latest`);
    expect(found?.variants).toEqual([
      { os: 'windows', osVersion: '10.0.17763.6189', architecture: 'amd64' },
      { os: 'windows', osVersion: '10.0.20348.2655', architecture: 'amd64' },
    ]);
    expect(found?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(served(sandbox, 'Registry_GetBlob')).toBe(0);
  });

  it('reads a Docker manifest list, Linux variants included, and resolves by digest as well', async () => {
    const byTag = await registry.lookup(`${MCR}/windows/nanoserver:multi`);
    expect(byTag?.variants.map((v) => [v.os, v.osVersion, v.architecture])).toEqual([
      ['windows', '10.0.20348.2655', 'amd64'],
      ['linux', undefined, 'arm64'],
    ]);
    const byDigest = await registry.lookup(`${MCR}/windows/nanoserver@${byTag?.digest}`);
    expect(byDigest).toEqual(byTag);
  });

  it('reads a single-platform image from its config blob', async () => {
    const found = await registry.lookup(`${MCR}/windows/servercore:ltsc2022`);
    expect(found?.variants).toEqual([
      { os: 'windows', osVersion: '10.0.20348.2655', architecture: 'amd64' },
    ]);
    expect(served(sandbox, 'Registry_GetBlob', 200)).toBe(1);
  });

  it('answers undefined for an image or tag the registry does not have', async () => {
    expect(await registry.lookup(`${MCR}/windows/servercore/iis:ltsc2031`)).toBeUndefined();
    expect(await registry.lookup(`${MCR}/nope/nothing:1`)).toBeUndefined();
  });

  it('pulls from an ACR through the Entra token exchange after the anonymous 401', async () => {
    const found = await registry.lookup(`${ACR}/apps/payroll:v3`);
    expect(found?.variants).toEqual([
      { os: 'windows', osVersion: '10.0.17763.6189', architecture: 'amd64' },
    ]);
    const ids = sandbox.operations().map((op) => `${op.operationId}:${op.status}`);
    expect(ids).toEqual([
      'Registry_GetManifest:401',
      'Registry_ExchangeToken:200',
      'Registry_GetToken:200',
      'Registry_GetManifest:200',
      'Registry_GetBlob:200',
    ]);
    expect(
      sandbox.operations().find((op) => op.operationId === 'Registry_ExchangeToken')?.host,
    ).toBe(ACR);
  });

  it('answers undefined for a missing ACR image once authorised', async () => {
    expect(await registry.lookup(`${ACR}/apps/payroll:v9`)).toBeUndefined();
  });

  it('reuses the pull token of a repository for later lookups', async () => {
    const fresh = createRegistryAdapter({
      ...registryConnectionFor(sandbox),
      credential: sandbox.credentialFor(PULLER),
    });
    await fresh.lookup(`${ACR}/apps/payroll:v3`);
    await fresh.lookup(`${ACR}/apps/payroll:v3`);
    expect(await fresh.lookup(`${ACR}/apps/payroll:v9`)).toBeUndefined();
    expect(served(sandbox, 'Registry_ExchangeToken')).toBe(1);
    expect(served(sandbox, 'Registry_GetManifest', 401)).toBe(1);
    expect(served(sandbox, 'Registry_GetManifest', 200)).toBe(2);
  });

  it('is UNAUTHORIZED when the Entra token is refused by the exchange', async () => {
    const stranger = createRegistryAdapter({
      credential: {
        getToken: () =>
          Promise.resolve({
            token: 'not-a-sandbox-token',
            expiresOnTimestamp: Date.now() + 60_000,
          }),
      },
      ...registryConnectionFor(sandbox),
      retryOptions: { maxRetries: 0 },
    });
    await rejectsWithCode(stranger.lookup(`${ACR}/apps/payroll:v3`), 'UNAUTHORIZED');
  });

  it.each([
    [
      'a throttled manifest read',
      { kind: 'throttle', retryAfterSeconds: 4 },
      /registry mcr\.microsoft\.com: manifest of .* answered HTTP 429 \(Retry-After: 4\)$/,
    ],
    ['a failing manifest read', { kind: 'serverError', status: 503 }, /answered HTTP 503$/],
  ] as const)('maps %s %j to TRANSIENT', async (_what, fault, text) => {
    sandbox.setFault({ operationId: 'Registry_GetManifest', count: 1, ...fault });
    expect(
      await rejectsWithCode(registry.lookup(`${MCR}/windows/servercore:ltsc2022`), 'TRANSIENT'),
    ).toMatch(text);
  });

  it('refuses a reference that is not an image reference', async () => {
    await rejectsWithCode(registry.lookup(`${MCR}/Windows/Bad Name:1`), 'INVALID_INPUT');
    expect(sandbox.operations()).toHaveLength(0);
  });

  it("takes a Bearer token from a realm under the registry's domain (Docker Hub: auth.docker.io)", async () => {
    const found = await registry.lookup('nanoserver:ltsc2022');
    expect(found?.variants).toEqual([
      { os: 'windows', osVersion: '10.0.20348.2655', architecture: 'amd64' },
    ]);
    expect(sandbox.operations().map((op) => `${op.host} ${op.operationId}:${op.status}`)).toEqual([
      `${HUB} Registry_GetManifest:401`,
      `${HUB_REALM} Registry_GetAnonymousToken:200`,
      `${HUB} Registry_GetManifest:200`,
      `${HUB} Registry_GetBlob:200`,
    ]);
  });

  // The switch "a registry realm on another host": the registry's 401 names a realm elsewhere.
  it.each([
    ['an ACR (its refresh token would go there)', `${ROGUE_ACR}/apps/x:ltsc2022`, ROGUE_ACR],
    ['a token registry', `${ROGUE_REGISTRY}/apps/y:ltsc2022`, ROGUE_REGISTRY],
  ])(
    'refuses a realm on another domain for %s and sends it nothing',
    async (_what, image, host) => {
      const message = await rejectsWithCode(registry.lookup(image), 'REGISTRY_REFUSED');
      expect(message).toContain(`registry ${host}: `);
      expect(message).toContain(FOREIGN_REALM);
      // Only the anonymous manifest read happened: no exchange, no token request anywhere.
      expect(sandbox.operations().map((op) => `${op.host} ${op.operationId}:${op.status}`)).toEqual(
        [`${host} Registry_GetManifest:401`],
      );
    },
  );

  it('refuses a registry host its allow list does not name: it resolves to 127.0.0.1', async () => {
    const strict = createRegistryAdapter({
      ...registryConnectionFor(sandbox),
      allowedHosts: [ACR],
      credential: sandbox.credentialFor(PULLER),
      retryOptions: { maxRetries: 0 },
    });
    const message = await rejectsWithCode(
      strict.lookup(`${MCR}/windows/servercore:ltsc2022`),
      'REGISTRY_REFUSED',
    );
    expect(message).toContain(`${MCR} resolves to 127.0.0.1, a loopback address`);
    expect(sandbox.operations()).toEqual([]);
    expect(await strict.lookup(`${ACR}/apps/payroll:v3`)).toBeDefined();
  });

  it.each([
    ['10.0.0.7:5000/app:1', /registry 10\.0\.0\.7:5000: IPv4 address literals are not accepted/],
    ['169.254.169.254/metadata:1', /registry 169\.254\.169\.254: IPv4 address literals/],
    // The URL parser reads 2130706433 as 127.0.0.1, as a resolver would.
    ['2130706433:443/app:1', /registry 2130706433:443: IPv4 address literals/],
    // A name that resolves to loopback through the system resolver, not the host map.
    ['localhost:5000/app:1', /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
  ])(
    'refuses an image whose registry is an internal address (%s) before any request',
    async (image, text) => {
      expect(await rejectsWithCode(registry.lookup(image), 'REGISTRY_REFUSED')).toMatch(text);
      expect(sandbox.operations()).toEqual([]);
    },
  );
});
