import { describe, expect, it } from '@jest/globals';
import {
  createStaticTokenCredential,
  parseHostMapSetting,
} from '../../../../src/adapters/connect/index.js';

describe('static-token credential', () => {
  it('returns its token for any scope outside Azure', async () => {
    const credential = createStaticTokenCredential({ token: 'sandbox:abc', environment: {} });
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token?.token).toBe('sandbox:abc');
    expect(token?.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  it.each([
    [
      'https://containerregistry.azure.net/.default',
      'sandbox:abc;aud=https://containerregistry.azure.net',
    ],
    [
      ['https://containerregistry.azure.net/'],
      'sandbox:abc;aud=https://containerregistry.azure.net',
    ],
    ['https://vault.azure.net/.default', 'sandbox:abc'],
    ['6dae42f8-4368-4678-94ff-3960e28e3630/.default', 'sandbox:abc'],
  ])('names the ACR audience in its token, and no other (%s)', async (scope, expected) => {
    const credential = createStaticTokenCredential({ token: 'sandbox:abc', environment: {} });
    expect((await credential.getToken(scope))?.token).toBe(expected);
  });

  it('refuses to be built where WEBSITE_INSTANCE_ID is set', () => {
    let thrown: unknown;
    try {
      createStaticTokenCredential({ token: 't', environment: { websiteInstanceId: 'abc123' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'STATIC_TOKEN_IN_AZURE',
      name: 'StaticTokenInAzureError',
    });
  });

  it('refuses to hand out a token once the environment says Azure', async () => {
    const environment: { websiteInstanceId?: string } = {};
    const credential = createStaticTokenCredential({ token: 't', environment });
    environment.websiteInstanceId = 'abc123';
    await expect(credential.getToken('scope')).rejects.toMatchObject({
      code: 'STATIC_TOKEN_IN_AZURE',
    });
  });

  it('refuses an empty token', () => {
    expect(() => createStaticTokenCredential({ token: '', environment: {} })).toThrow(/non-empty/);
  });
});

describe('host map setting', () => {
  it('accepts exact and wildcard hosts', () => {
    expect(
      parseHostMapSetting(
        '{"management.azure.com":"127.0.0.1:8443","*.vault.azure.net":"127.0.0.1:8443"}',
      ),
    ).toEqual({
      hostMap: { 'management.azure.com': '127.0.0.1:8443', '*.vault.azure.net': '127.0.0.1:8443' },
      problems: [],
    });
  });

  it('lists every problem at once', () => {
    const { problems } = parseHostMapSetting(
      '{"not a host":"127.0.0.1:1","a.test":"nowhere","b.test":7}',
    );
    expect(problems).toHaveLength(3);
    expect(parseHostMapSetting('[1]').problems).toEqual([
      'host map must be a JSON object of "host": "address:port"',
    ]);
    expect(parseHostMapSetting('{').problems).toEqual(['host map is not valid JSON']);
  });
});
