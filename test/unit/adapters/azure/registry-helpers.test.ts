import { describe, expect, it } from '@jest/globals';
import {
  isAcrHost,
  locate,
  parseBearerChallenge,
  parseManifest,
  variantOf,
} from '../../../../src/adapters/registry/index.js';
import { parseImageRef } from '../../../../src/domain/image-ref.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

describe('registry helpers', () => {
  it.each([
    ['nginx', { host: 'registry-1.docker.io', repository: 'library/nginx', reference: 'latest' }],
    [
      'docker.io/bitnami/redis:7',
      { host: 'registry-1.docker.io', repository: 'bitnami/redis', reference: '7' },
    ],
    [
      'mcr.microsoft.com/windows/servercore:ltsc2019',
      { host: 'mcr.microsoft.com', repository: 'windows/servercore', reference: 'ltsc2019' },
    ],
    [
      `myreg:5000/app@sha256:${'a'.repeat(64)}`,
      { host: 'myreg:5000', repository: 'app', reference: `sha256:${'a'.repeat(64)}` },
    ],
  ])('locates %s', (text, expected) => {
    const parsed = parseImageRef(text);
    expect(parsed.ok && locate(parsed.ref)).toEqual(expected);
  });

  it.each([
    [
      'Bearer realm="https://contoso.azurecr.io/oauth2/token",service="contoso.azurecr.io",scope="repository:a/b:pull"',
      {
        realm: 'https://contoso.azurecr.io/oauth2/token',
        service: 'contoso.azurecr.io',
        scope: 'repository:a/b:pull',
      },
    ],
    [
      'bearer realm="https://auth.docker.io/token", service="registry.docker.io"',
      { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' },
    ],
    ['Basic realm="x"', undefined],
    ['Bearer service="x"', undefined],
    [undefined, undefined],
  ])('parses the challenge %p', (header, expected) => {
    expect(parseBearerChallenge(header)).toEqual(expected);
  });

  it.each([
    ['contoso.azurecr.io', true],
    ['CONTOSO.AZURECR.IO', true],
    ['contoso.azurecr.cn', true],
    ['azurecr.io.evil.com', false],
    ['mcr.microsoft.com', false],
  ])('%s is an ACR: %s', (host, acr) => {
    expect(isAcrHost(host)).toBe(acr);
  });

  it.each([
    [
      { os: 'windows', 'os.version': '10.0.20348.2655', architecture: 'amd64' },
      { os: 'windows', osVersion: '10.0.20348.2655', architecture: 'amd64' },
    ],
    [
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'arm64' },
    ],
    [{ os: 'unknown', architecture: 'unknown' }, undefined],
    [{ architecture: 'amd64' }, undefined],
    ['x', undefined],
  ])('reads the platform %p', (platform, expected) => {
    expect(variantOf(platform)).toEqual(expected);
  });

  it.each([
    [
      'an OCI index by header',
      OCI_INDEX,
      {
        manifests: [
          { platform: { os: 'windows', 'os.version': '10.0.17763.1' } },
          { platform: { os: 'unknown' } },
          {},
        ],
      },
      { kind: 'index', variants: [{ os: 'windows', osVersion: '10.0.17763.1' }] },
    ],
    [
      'a Docker manifest list by its own mediaType',
      undefined,
      { mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', manifests: [] },
      { kind: 'index', variants: [] },
    ],
    [
      'a single manifest',
      `${DOCKER_MANIFEST}; charset=utf-8`,
      { config: { digest: 'sha256:c' } },
      { kind: 'manifest', configDigest: 'sha256:c' },
    ],
    [
      'a manifest without config',
      DOCKER_MANIFEST,
      {},
      { kind: 'unsupported', mediaType: DOCKER_MANIFEST },
    ],
    [
      'a schema 1 manifest',
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
      {},
      {
        kind: 'unsupported',
        mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      },
    ],
  ])('classifies %s', (_what, contentType, body, expected) => {
    expect(parseManifest(contentType, body)).toEqual(expected);
  });
});
