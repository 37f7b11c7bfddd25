import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';

const MCR = 'mcr.microsoft.com';
const ACR = 'contoso.azurecr.io';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const ACCEPT = [INDEX, MANIFEST, 'application/vnd.docker.distribution.manifest.list.v2+json'].join(
  ', ',
);

describe('OCI registries: anonymous MCR and an ACR with the token exchange', () => {
  let sandbox: RunningArmEmulator;

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
              { os: 'windows', osVersion: '10.0.26100.1742', sizeBytes: 130_000_000 },
            ],
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
      .build();
    sandbox = await startArmEmulator(scenario);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  async function send(
    url: string,
    options: {
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      form?: Record<string, string>;
    } = {},
  ): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url,
      method: options.method ?? 'GET',
      headers: createHttpHeaders(options.headers),
    });
    if (options.form) {
      request.body = new URLSearchParams(options.form).toString();
      request.headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    return sandbox.transport.httpClient.sendRequest(request);
  }

  function json(response: PipelineResponse): Record<string, unknown> {
    return JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>;
  }

  it('serves a multi-platform index with platform.os.version anonymously on MCR', async () => {
    expect((await send(`https://${MCR}/v2/`)).status).toBe(200);
    const response = await send(`https://${MCR}/v2/windows/servercore/iis/manifests/latest`, {
      headers: { accept: ACCEPT },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(INDEX);
    const index = json(response) as {
      manifests: { digest: string; platform: Record<string, string> }[];
    };
    expect(index.manifests.map((item) => item.platform['os.version'])).toEqual([
      '10.0.17763.6189',
      '10.0.20348.2655',
    ]);
    expect(response.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    const child = await send(
      `https://${MCR}/v2/windows/servercore/iis/manifests/${index.manifests[1]?.digest}`,
      { headers: { accept: ACCEPT } },
    );
    expect(child.headers.get('content-type')).toBe(MANIFEST);
    expect(child.headers.get('docker-content-digest')).toBe(index.manifests[1]?.digest);
  });

  it('serves a docker manifest list with platform.os.version when the image is published that way', async () => {
    const response = await send(`https://${MCR}/v2/windows/nanoserver/manifests/multi`, {
      headers: { accept: ACCEPT },
    });
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.docker.distribution.manifest.list.v2+json',
    );
    const list = json(response) as {
      mediaType: string;
      manifests: { platform: Record<string, string> }[];
    };
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(list.manifests.map((item) => item.platform['os.version'])).toEqual([
      '10.0.20348.2655',
      '10.0.26100.1742',
    ]);
  });

  it('exports a lookup with the variants for the node agent', () => {
    const variants = sandbox.lookupImage(`${MCR}/windows/servercore/iis:latest`);
    expect(variants?.map((variant) => [variant.os, variant.osVersion, variant.sizeBytes])).toEqual([
      ['windows', '10.0.17763.6189', 2_500_000_000],
      ['windows', '10.0.20348.2655', 2_100_000_000],
    ]);
    expect(sandbox.lookupImage(`${MCR}/windows/servercore/iis:ltsc2025`)).toBeUndefined();
    expect(sandbox.lookupImage(`${ACR}/apps/payroll:v3`)?.[0]?.osVersion).toBe('10.0.17763.6189');
  });

  it('requires the ACR token exchange, then serves a single-platform manifest whose config blob has os.version', async () => {
    const ping = await send(`https://${ACR}/v2/`);
    expect(ping.status).toBe(401);
    const denied = await send(`https://${ACR}/v2/apps/payroll/manifests/v3`, {
      headers: { accept: ACCEPT },
    });
    expect(denied.status).toBe(401);
    const challenge = denied.headers.get('www-authenticate') ?? '';
    expect(challenge).toBe(
      `Bearer realm="https://${ACR}/oauth2/token",service="${ACR}",scope="repository:apps/payroll:pull"`,
    );

    const aad = await sandbox
      .credentialFor('33333333-3333-4333-a333-333333333333')
      .getToken('https://management.azure.com/.default');
    const exchanged = await send(`https://${ACR}/oauth2/exchange`, {
      method: 'POST',
      form: {
        grant_type: 'access_token',
        service: ACR,
        tenant: sandbox.world.tenantId,
        access_token: aad?.token ?? '',
      },
    });
    expect(exchanged.status).toBe(200);
    const refreshToken = String(json(exchanged)['refresh_token']);
    const tokenResponse = await send(`https://${ACR}/oauth2/token`, {
      method: 'POST',
      form: {
        grant_type: 'refresh_token',
        service: ACR,
        scope: 'repository:apps/payroll:pull',
        refresh_token: refreshToken,
      },
    });
    const accessToken = String(json(tokenResponse)['access_token']);

    const manifest = await send(`https://${ACR}/v2/apps/payroll/manifests/v3`, {
      headers: { accept: ACCEPT, authorization: `Bearer ${accessToken}` },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe(MANIFEST);
    const body = json(manifest) as { config: { digest: string } };
    const config = await send(`https://${ACR}/v2/apps/payroll/blobs/${body.config.digest}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(json(config)).toMatchObject({
      os: 'windows',
      'os.version': '10.0.17763.6189',
      architecture: 'amd64',
    });

    const otherRepo = await send(`https://${ACR}/v2/apps/other/manifests/v1`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(otherRepo.status).toBe(401);
  });

  it('refuses an exchange without a valid Entra token', async () => {
    const response = await send(`https://${ACR}/oauth2/exchange`, {
      method: 'POST',
      form: { grant_type: 'access_token', service: ACR, access_token: 'garbage' },
    });
    expect(response.status).toBe(401);
  });
});
