import { describe, expect, it } from '@jest/globals';
import { classify } from '../../../../src/adapters/errors/classify.js';
import { SYSTEM_CODES } from '../../../../src/adapters/errors/network.js';
import type { Service } from '../../../../src/adapters/errors/rows.js';
import { WinshiftError, type ErrorCode } from '../../../../src/domain/errors.js';

const SERVICES: readonly Service[] = [
  'arm',
  'compute',
  'keyVault',
  'authorization',
  'storage',
  'registry',
  'kubernetes',
];

/** Every system code, with its code written out (ENOTFOUND: decided not worth a retry). */
const SYSTEM: readonly (readonly [string, ErrorCode])[] = [
  ['ECONNRESET', 'TRANSIENT'],
  ['ECONNREFUSED', 'TRANSIENT'],
  ['EPIPE', 'TRANSIENT'],
  ['UND_ERR_SOCKET', 'TRANSIENT'],
  ['ETIMEDOUT', 'TRANSIENT'],
  ['ESOCKETTIMEDOUT', 'TRANSIENT'],
  ['UND_ERR_CONNECT_TIMEOUT', 'TRANSIENT'],
  ['UND_ERR_HEADERS_TIMEOUT', 'TRANSIENT'],
  ['UND_ERR_BODY_TIMEOUT', 'TRANSIENT'],
  ['REQUEST_SEND_ERROR', 'TRANSIENT'],
  ['EAI_AGAIN', 'TRANSIENT'],
  ['ENOTFOUND', 'INTERNAL'],
  ['WINSHIFT_ADDRESS_REFUSED', 'REGISTRY_REFUSED'],
  ['CERT_HAS_EXPIRED', 'INTERNAL'],
  ['ECONNABORTED', 'INTERNAL'],
  ['PARSE_ERROR', 'INTERNAL'],
];

/** Where a service reads a code otherwise: a registry host that does not exist is the image's fact. */
const FOR_SERVICE: Partial<Record<Service, Readonly<Record<string, ErrorCode>>>> = {
  registry: { ENOTFOUND: 'NOT_FOUND' },
};
const expectedFor = (service: Service, code: string, shared: ErrorCode): ErrorCode =>
  FOR_SERVICE[service]?.[code] ?? shared;

const systemError = (code: string): Error =>
  Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
/** undici's shape, as client-node's fetch throws it. */
const fetchFailed = (code: string): Error =>
  new TypeError('fetch failed', { cause: systemError(code) });
const named = (name: string): Error => Object.assign(new Error(`a ${name}`), { name });

const everywhere = <T extends readonly unknown[]>(
  cases: readonly T[],
): (readonly [Service, ...T])[] =>
  SERVICES.flatMap((service) => cases.map((c) => [service, ...c] as const));

describe('network failures, the same for every service but where a row says otherwise', () => {
  it('lists every code of the shared table here', () => {
    const tested = new Set(SYSTEM.map(([code]) => code));
    const untested = SYSTEM_CODES.flatMap((row) => row.codes ?? []).filter((c) => !tested.has(c));
    expect(untested).toEqual([]);
  });

  it.each(everywhere(SYSTEM))('%s: %s on the error is %s', (service, code, expected) => {
    expect(classify(service, systemError(code)).code).toBe(expectedFor(service, code, expected));
  });

  it.each(everywhere(SYSTEM))('%s: %s in the cause is %s', (service, code, expected) => {
    expect(classify(service, fetchFailed(code)).code).toBe(expectedFor(service, code, expected));
  });

  it('a registry host DNS does not know is NOT_FOUND there (the image is a blocker), INTERNAL elsewhere', () => {
    expect(classify('registry', systemError('ENOTFOUND')).code).toBe('NOT_FOUND');
    expect(classify('arm', systemError('ENOTFOUND')).code).toBe('INTERNAL');
    const overrides = SYSTEM_CODES.flatMap((row) =>
      Object.entries(row.forService ?? {}).flatMap(([service, code]) =>
        (row.codes ?? []).map((c) => `${service}:${c}:${code}`),
      ),
    );
    expect(overrides).toEqual(['registry:ENOTFOUND:NOT_FOUND']);
  });

  it('looks two causes deep', () => {
    const deep = new Error('outer', {
      cause: new Error('middle', { cause: systemError('EPIPE') }),
    });
    expect(classify('kubernetes', deep).code).toBe('TRANSIENT');
  });
});

describe('named errors, the same for every service', () => {
  const NAMED: readonly (readonly [string, ErrorCode])[] = [
    ['CredentialUnavailableError', 'UNAUTHORIZED'],
    ['AuthenticationError', 'UNAUTHORIZED'],
    ['AggregateAuthenticationError', 'UNAUTHORIZED'],
    ['AuthenticationRequiredError', 'UNAUTHORIZED'],
    ['AbortError', 'TRANSIENT'],
    ['TimeoutError', 'TRANSIENT'],
  ];

  it.each(everywhere(NAMED))('%s: %s is %s', (service, name, expected) => {
    expect(classify(service, named(name)).code).toBe(expected);
  });

  it('takes a credential error before the status Entra answered with', () => {
    const refused = Object.assign(named('AuthenticationError'), { statusCode: 400 });
    expect(classify('arm', refused).code).toBe('UNAUTHORIZED');
  });

  it('finds a timeout in the cause', () => {
    const timedOut = new TypeError('fetch failed', { cause: named('TimeoutError') });
    expect(classify('kubernetes', timedOut).code).toBe('TRANSIENT');
  });
});

describe('what no table knows', () => {
  const UNKNOWN: readonly (readonly [string, unknown])[] = [
    ['an Error', new Error('boom')],
    ['a TypeError', new TypeError('x is not a function')],
    ['a string', 'a string'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
    ['an out-of-range status', { statusCode: 600 }],
  ];

  it.each(everywhere(UNKNOWN))('%s: %s is INTERNAL', (service, _what, error) => {
    expect(classify(service, error).code).toBe('INTERNAL');
  });
});

describe('a WinshiftError', () => {
  it.each(SERVICES)('%s: keeps its code, whatever else it carries', (service) => {
    const own = Object.assign(new WinshiftError('PDB_BLOCKED', 'kept'), { statusCode: 503 });
    expect(classify(service, own).code).toBe('PDB_BLOCKED');
  });
});
