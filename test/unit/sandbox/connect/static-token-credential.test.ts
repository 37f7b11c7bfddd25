import { describe, expect, it } from '@jest/globals';
import { createStaticTokenCredential } from '../../../../src/sandbox/connect/index.js';

describe('static-token credential', () => {
  it('returns its token for any scope outside Azure', async () => {
    const credential = createStaticTokenCredential({ token: 'sandbox:abc', environment: {} });
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token?.token).toBe('sandbox:abc');
    expect(token?.expiresOnTimestamp).toBeGreaterThan(Date.now());
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
