import { describe, expect, it } from '@jest/globals';
import {
  APP_ROLES,
  callerOfClientPrincipal,
  sameActor,
  winshiftActor,
} from '../../../src/domain/identity.js';

const OID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const OID_URI = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const ROLE_URI = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const NAME_URI = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';

const principal = (
  claims: [string, string][],
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  auth_typ: 'aad',
  claims: claims.map(([typ, val]) => ({ typ, val })),
  name_typ: NAME_URI,
  role_typ: ROLE_URI,
  ...extra,
});

describe('callerOfClientPrincipal', () => {
  it.each([
    [
      'a user token as App Service maps it (oid long, roles short, name short)',
      principal([
        [OID_URI, OID],
        ['name', 'Ada Lovelace'],
        ['http://schemas.microsoft.com/identity/claims/scope', 'user_impersonation'],
        ['roles', 'Winshift.Read'],
        ['roles', 'Winshift.Approve'],
      ]),
      { id: OID, name: 'Ada Lovelace', kind: 'user', roles: ['Winshift.Read', 'Winshift.Approve'] },
    ],
    [
      'role claims of role_typ and the short oid',
      principal([
        ['oid', OID],
        [NAME_URI, 'Grace Hopper'],
        ['scp', 'user_impersonation'],
        [ROLE_URI, 'Winshift.Operate'],
      ]),
      { id: OID, name: 'Grace Hopper', kind: 'user', roles: ['Winshift.Operate'] },
    ],
    [
      'a custom role_typ',
      principal(
        [
          ['oid', OID],
          ['name', 'Ann'],
          ['scp', 'x'],
          ['myroles', 'Winshift.Read'],
        ],
        { role_typ: 'myroles' },
      ),
      { id: OID, name: 'Ann', kind: 'user', roles: ['Winshift.Read'] },
    ],
    [
      'an app-only token: no name, no scope, named by its client id',
      principal([
        [OID_URI, OID],
        ['azp', '11111111-2222-3333-4444-555555555555'],
        ['idtyp', 'app'],
        ['roles', 'Winshift.Operate'],
      ]),
      {
        id: OID,
        name: 'application 11111111-2222-3333-4444-555555555555',
        kind: 'application',
        roles: ['Winshift.Operate'],
      },
    ],
    [
      'roles that are not winshift app roles, ignored',
      principal([
        ['oid', OID],
        ['name', 'Bob'],
        ['scp', 'x'],
        ['roles', 'Admin'],
        ['roles', 'winshift.read'],
      ]),
      { id: OID, name: 'Bob', kind: 'user', roles: [] },
    ],
  ])('reads %s', (_name, payload, caller) => {
    expect(callerOfClientPrincipal(payload)).toEqual({ ok: true, caller });
  });

  it.each([
    ['no object id', principal([['name', 'Ann']]), 'no object id'],
    ['claims that are not a list', { claims: 'x' }, 'not {claims'],
    ['a claim value that is not text', { claims: [{ typ: 'oid', val: 7 }] }, 'not {claims'],
    ['nothing', undefined, 'not {claims'],
  ])('refuses %s', (_name, payload, problem) => {
    const reading = callerOfClientPrincipal(payload);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.problem).toContain(problem);
  });

  it('knows the three app roles of the registration', () => {
    expect(APP_ROLES).toEqual(['Winshift.Read', 'Winshift.Operate', 'Winshift.Approve']);
  });
});

describe('sameActor', () => {
  it('compares object ids in any letter case', () => {
    const a = { id: OID, name: 'Ada', kind: 'user' } as const;
    expect(sameActor(a, { ...a, id: OID.toUpperCase(), name: 'other name' })).toBe(true);
    expect(sameActor(a, { ...a, id: '9'.repeat(8) + OID.slice(8) })).toBe(false);
  });

  it('never takes the app itself for a person', () => {
    const app = winshiftActor('fleetScan');
    expect(sameActor(app, { ...app })).toBe(false);
  });
});
