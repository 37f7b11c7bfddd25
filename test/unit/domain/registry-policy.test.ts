import { describe, expect, it } from '@jest/globals';
import {
  isHostAllowed,
  parseHostAllowList,
  realmProblem,
  registrableDomain,
  registryHostProblem,
  urlProblem,
} from '../../../src/domain/registry-policy.js';

describe('registry hosts (the names an image gives)', () => {
  it.each([
    ['mcr.microsoft.com', undefined],
    ['contoso.azurecr.io', undefined],
    ['myreg.example.com:5000', undefined],
    ['localhost:5000', undefined], // a name: its addresses are checked when it is dialled
    ['10.0.0.7:5000', 'IPv4 address literals are not accepted'],
    ['169.254.169.254', 'IPv4 address literals are not accepted'],
    ['2130706433:443', 'IPv4 address literals are not accepted'], // 127.0.0.1
    ['0x7f.1:443', 'IPv4 address literals are not accepted'], // 127.0.0.1
    ['[::1]:5000', 'IPv6 address literals are not accepted'],
    ['[fd00:ec2::254]', 'IPv6 address literals are not accepted'],
    ['user@evil.example', 'it is not a host name'],
    ['evil.example/path', 'it is not a host name'],
  ])('%s: %s', (host, problem) => {
    const found = registryHostProblem(host);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('URLs winshift fetches for a registry (realms, redirects)', () => {
  it.each([
    ['https://auth.docker.io/token', undefined],
    ['https://contoso.blob.core.windows.net/x?sig=1', undefined],
    ['http://auth.docker.io/token', 'only https is accepted, not http:'],
    ['file:///etc/passwd', 'only https is accepted, not file:'],
    ['https://user:pw@auth.docker.io/token', 'it carries user information'],
    ['https://127.0.0.1/token', 'IPv4 address literals are not accepted'],
    ['https://[::ffff:7f00:1]/token', 'IPv6 address literals are not accepted'],
    ['not a url', 'it is not a URL'],
  ])('%s: %s', (url, problem) => {
    expect(urlProblem(url)).toBe(problem);
  });
});

describe('registrable domains (a Public Suffix List subset, as data)', () => {
  it.each([
    ['registry-1.docker.io', 'docker.io'],
    ['auth.docker.io', 'docker.io'],
    ['registry.gitlab.com', 'gitlab.com'],
    ['contoso.azurecr.io', 'contoso.azurecr.io'],
    ['contoso.westeurope.data.azurecr.io', 'data.azurecr.io'],
    ['registry.example.co.uk', 'example.co.uk'],
    ['acct.dkr.ecr.eu-west-1.amazonaws.com', 'eu-west-1.amazonaws.com'],
    ['localhost', 'localhost'],
  ])('%s is under %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe("token realms: only on the registry's own domain", () => {
  it.each([
    // Docker Hub by the rule (both under docker.io), not by an exception.
    ['registry-1.docker.io', 'https://auth.docker.io/token', undefined],
    ['registry.gitlab.com', 'https://gitlab.com/jwt/auth', undefined],
    ['contoso.azurecr.io', 'https://contoso.azurecr.io/oauth2/token', undefined],
    ['ghcr.io', 'https://ghcr.io/token', undefined],
    ['myreg.example.com:5000', 'https://myreg.example.com/token', undefined],
    ['contoso.azurecr.io', 'https://fabrikam.azurecr.io/oauth2/token', 'outside the registry'],
    ['registry-1.docker.io', 'https://auth.docker.io.evil.example/token', 'outside the registry'],
    ['registry.example.co.uk', 'https://evil.co.uk/token', 'outside the registry'],
    ['ghcr.io', 'https://metadata.internal/token', 'outside the registry'],
    ['registry-1.docker.io', 'http://auth.docker.io/token', 'only https is accepted'],
    ['registry-1.docker.io', 'https://10.0.0.1/token', 'IPv4 address literals'],
  ])('%s with realm %s: %s', (registry, realm, problem) => {
    const found = realmProblem(registry, realm);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('WINSHIFT_REGISTRY_ALLOW', () => {
  it('parses host names and *.domain entries and lists what is not one', () => {
    expect(parseHostAllowList(' Contoso.azurecr.io, *.corp.example ,, 10.0.0.1, a b')).toEqual({
      hosts: ['contoso.azurecr.io', '*.corp.example'],
      problems: [
        '"10.0.0.1" is not a host name or *.domain',
        '"a b" is not a host name or *.domain',
      ],
    });
  });

  it.each([
    ['contoso.azurecr.io', true],
    ['CONTOSO.azurecr.io.', true],
    ['fabrikam.azurecr.io', false],
    ['registry.corp.example', true],
    ['a.b.corp.example', true],
    ['corp.example', false],
    ['evilcorp.example', false],
  ])('%s is allowed by [contoso.azurecr.io, *.corp.example]: %s', (host, allowed) => {
    expect(isHostAllowed(['contoso.azurecr.io', '*.corp.example'], host)).toBe(allowed);
  });
});
