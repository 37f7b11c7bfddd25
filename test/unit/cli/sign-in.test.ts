import { describe, expect, it } from '@jest/globals';
import { parseCommandLine } from '../../../src/cli/args.js';
import { main } from '../../../src/cli/main.js';
import { apiScope } from '../../../src/cli/sign-in.js';
import { fakeApi } from './fake-api.js';

const CLIENT = 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d';

describe('CLI credentials (WINSHIFT_AUTH keys or entra)', () => {
  it.each([
    ['--token', ['list', '--token', 't1'], {}, { token: 't1' }],
    [
      'WINSHIFT_TOKEN, before a key',
      ['list'],
      { WINSHIFT_TOKEN: 't2', WINSHIFT_FUNCTION_KEY: 'k' },
      { token: 't2' },
    ],
    ['a key', ['list'], { WINSHIFT_FUNCTION_KEY: 'k' }, { key: 'k' }],
    ['a client id: sign in', ['list', '--client-id', CLIENT], {}, { signIn: { clientId: CLIENT } }],
    [
      'a client id and tenant from the environment',
      ['list'],
      { WINSHIFT_API_CLIENT_ID: CLIENT, WINSHIFT_TENANT_ID: 'contoso.onmicrosoft.com' },
      { signIn: { clientId: CLIENT, tenantId: 'contoso.onmicrosoft.com' } },
    ],
  ])('%s', (_name, argv, env, expected) => {
    const command = parseCommandLine(argv, env);
    expect(command).toMatchObject(expected);
    for (const other of ['token', 'key', 'signIn'].filter((k) => !(k in expected)))
      expect(command).not.toHaveProperty(other);
  });

  it('sends a token as a bearer token, not as a key', async () => {
    const t = fakeApi(
      { 'GET /api/upgrades': () => Response.json({ items: [] }) },
      { WINSHIFT_TOKEN: 'tok' },
    );
    expect(await main(['list'], t.io)).toBe(0);
    expect(t.requests.map((r) => [r.authorization, r.key])).toEqual([['Bearer tok', null]]);
  });

  it('signs in for api://<client id>/.default with a client id and sends that token', async () => {
    const t = fakeApi({ 'GET /api/upgrades': () => Response.json({ items: [] }) }, {});
    const asked: [string, string | undefined][] = [];
    const signIn = (clientId: string, tenantId?: string) => {
      asked.push([clientId, tenantId]);
      return () => Promise.resolve(`signed-in-for-${apiScope(clientId)}`);
    };
    expect(await main(['list', '--client-id', CLIENT, '--tenant', 't1'], { ...t.io, signIn })).toBe(
      0,
    );
    expect(asked).toEqual([[CLIENT, 't1']]);
    expect(t.requests[0]?.authorization).toBe(`Bearer signed-in-for-api://${CLIENT}/.default`);
  });
});
