import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { apiAuthMode, loadConfig } from '../../../src/config.js';
import { httpAuthLevel } from '../../../src/composition.js';

const minimal = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  WINSHIFT_TASK_HUB: 'winshift',
  WINSHIFT_SUBSCRIPTIONS: '00000000-0000-0000-0000-000000000001',
};
const CLIENT = 'A9F1C0DE-5A1D-4B0C-9E7F-3C2B1A0F9E8D';
const sha = (key: string): string => createHash('sha256').update(key).digest('hex');

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig({ ...minimal, ...env });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('auth settings (ADR 0013)', () => {
  it('defaults to keys mode without four eyes and without key names', () => {
    expect(loadConfig(minimal).auth).toEqual({
      mode: 'keys',
      approvalSeparation: false,
      keyNames: {},
    });
  });

  it('entra mode: separation on by default, the client id lower-cased', () => {
    const config = loadConfig({
      ...minimal,
      WINSHIFT_AUTH: 'entra',
      WINSHIFT_API_CLIENT_ID: CLIENT,
    });
    expect(config.auth).toEqual({
      mode: 'entra',
      approvalSeparation: true,
      apiClientId: CLIENT.toLowerCase(),
      keyNames: {},
    });
  });

  it.each([
    ['keys', 'on', true],
    ['entra', 'off', false],
  ])('%s mode with WINSHIFT_APPROVAL_SEPARATION=%s', (mode, value, expected) => {
    const config = loadConfig({
      ...minimal,
      WINSHIFT_AUTH: mode,
      WINSHIFT_API_CLIENT_ID: CLIENT,
      WINSHIFT_APPROVAL_SEPARATION: value,
    });
    expect(config.auth.approvalSeparation).toBe(expected);
  });

  it('names keys by their SHA-256', () => {
    const config = loadConfig({
      ...minimal,
      WINSHIFT_FUNCTION_KEY_NAMES: JSON.stringify({
        ci: sha('k1').toUpperCase(),
        'ops.alice': sha('k2'),
      }),
    });
    expect(config.auth.keyNames).toEqual({ [sha('k1')]: 'ci', [sha('k2')]: 'ops.alice' });
  });

  it.each([
    [{ WINSHIFT_AUTH: 'aad' }, 'WINSHIFT_AUTH: "aad" is not one of keys, entra'],
    [{ WINSHIFT_AUTH: 'entra' }, 'WINSHIFT_API_CLIENT_ID: required when WINSHIFT_AUTH is entra'],
    [
      { WINSHIFT_API_CLIENT_ID: 'winshift' },
      'WINSHIFT_API_CLIENT_ID: "winshift" is not a client id',
    ],
    [
      { WINSHIFT_APPROVAL_SEPARATION: 'yes' },
      'WINSHIFT_APPROVAL_SEPARATION: "yes" is not on or off',
    ],
    [{ WINSHIFT_FUNCTION_KEY_NAMES: '{ci:1}' }, 'WINSHIFT_FUNCTION_KEY_NAMES: not JSON'],
    [{ WINSHIFT_FUNCTION_KEY_NAMES: '["ci"]' }, 'WINSHIFT_FUNCTION_KEY_NAMES: not a JSON object'],
    [
      { WINSHIFT_FUNCTION_KEY_NAMES: '{"ci":"abc"}' },
      'WINSHIFT_FUNCTION_KEY_NAMES.ci: not a SHA-256',
    ],
    [{ WINSHIFT_FUNCTION_KEY_NAMES: `{"c i":"${sha('x')}"}` }, '"c i" is not a key name'],
    [
      { WINSHIFT_AUTH: 'entra', WINSHIFT_API_CLIENT_ID: CLIENT, WEBSITE_INSTANCE_ID: 'abc' },
      'entra needs App Service Authentication on for this app (WEBSITE_AUTH_ENABLED is not True)',
    ],
  ])('refuses %j', (env, problem) => {
    expect(problemsOf(env)).toContain(problem);
  });

  it('takes entra mode in Azure when the platform says App Service Authentication is on', () => {
    const env = {
      WINSHIFT_AUTH: 'entra',
      WINSHIFT_API_CLIENT_ID: CLIENT,
      WEBSITE_INSTANCE_ID: 'abc',
      WEBSITE_AUTH_ENABLED: 'True',
    };
    expect(problemsOf(env)).toBe('');
  });

  it.each([
    [{}, 'keys'],
    [{ WINSHIFT_AUTH: 'entra' }, 'entra'],
    [{ WINSHIFT_AUTH: 'nonsense' }, 'keys'],
  ])('reads the mode alone for the registrations: %j -> %s', (env, mode) => {
    expect(apiAuthMode(env)).toBe(mode);
  });
});

describe('httpAuthLevel', () => {
  const saved = process.env.WINSHIFT_AUTH;
  const withMode = (mode: string | undefined, run: () => void): void => {
    if (mode === undefined) delete process.env.WINSHIFT_AUTH;
    else process.env.WINSHIFT_AUTH = mode;
    try {
      run();
    } finally {
      if (saved === undefined) delete process.env.WINSHIFT_AUTH;
      else process.env.WINSHIFT_AUTH = saved;
    }
  };

  it('keys mode: the host checks the function key, the OpenAPI document excepted', () => {
    withMode(undefined, () => {
      expect(httpAuthLevel({})).toBe('function');
      expect(httpAuthLevel({ anonymous: true })).toBe('anonymous');
    });
  });

  it('entra mode: every route is anonymous to the host (App Service Authentication gates it)', () => {
    withMode('entra', () => expect(httpAuthLevel({})).toBe('anonymous'));
  });
});
