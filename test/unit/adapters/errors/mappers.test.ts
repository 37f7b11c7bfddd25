import { describe, expect, it } from '@jest/globals';
import { createHttpHeaders, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AuthenticationError } from '@azure/identity';
import { ApiException } from '@kubernetes/client-node';
import {
  codeForAzureError,
  toWinshiftError as azureToWinshift,
} from '../../../../src/adapters/errors.js';
import {
  codeForKubeError,
  toWinshiftError as kubeToWinshift,
} from '../../../../src/adapters/kubernetes/errors.js';
import { registryError, responseError } from '../../../../src/adapters/registry/errors.js';
import type { RegistryResponse } from '../../../../src/adapters/registry/http.js';
import { storageError } from '../../../../src/adapters/storage/errors.js';
import { WinshiftError } from '../../../../src/domain/errors.js';

function restError(status: number, code?: string): RestError {
  const response = { status, headers: createHttpHeaders() } as PipelineResponse;
  return new RestError(`failure ${status}`, {
    statusCode: status,
    response,
    ...(code ? { code } : {}),
  });
}

const status = (code: number, reason: string, message = 'm'): ApiException<string> =>
  new ApiException(code, 'x', JSON.stringify({ kind: 'Status', code, reason, message }), {});

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RegistryResponse {
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] },
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    host: 'r.example',
  };
}

describe('the Azure helpers pick the table of the service the call site names', () => {
  it.each([
    [restError(409, 'Conflict'), {}, 'POOL_CONFLICT'],
    [restError(409, 'Conflict'), { service: 'compute' }, 'TRANSIENT'],
    [restError(409, 'EntityAlreadyExists'), { service: 'storage' }, 'INTERNAL'],
    [restError(409, 'TableBeingDeleted'), { service: 'storage' }, 'TRANSIENT'],
    [restError(400, 'PrincipalNotFound'), {}, 'INVALID_INPUT'],
    [restError(400, 'PrincipalNotFound'), { service: 'authorization' }, 'TRANSIENT'],
    [restError(409, 'Conflict'), { service: 'keyVault', conflictCode: 'TRANSIENT' }, 'TRANSIENT'],
  ] as const)('%s with %j is %s', (error, options, code) => {
    expect(codeForAzureError(error, options)).toBe(code);
  });

  it('keeps a real @azure/identity AuthenticationError UNAUTHORIZED, whatever Entra answered', () => {
    const refused = new AuthenticationError(400, {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret provided.',
    });
    expect(codeForAzureError(refused)).toBe('UNAUTHORIZED');
  });

  it('wraps storage failures with the storage table', () => {
    const wrapped = storageError(restError(409, 'EntityAlreadyExists'), 'saving x');
    expect(wrapped.message).toBe('[INTERNAL] saving x: HTTP 409 EntityAlreadyExists: failure 409');
  });
});

describe('the Kubernetes helpers read the Status', () => {
  it.each([
    [status(409, 'AlreadyExists'), 'TRANSIENT'],
    [status(412, 'PreconditionFailed'), 'INTERNAL'],
    [status(410, 'Expired'), 'INTERNAL'],
    [new ApiException(422, 'x', { kind: 'Status', reason: 'Invalid' }, {}), 'INVALID_INPUT'],
  ] as const)('%s is %s', (error, code) => {
    expect(codeForKubeError(error)).toBe(code);
  });
});

describe('registry failures', () => {
  it.each([
    [answer(400, { error: 'invalid_grant', error_description: 'expired' }), 'UNAUTHORIZED'],
    [answer(400, { errors: [{ code: 'NAME_INVALID', message: 'bad' }] }), 'INVALID_INPUT'],
    [answer(401, { errors: [{ code: 'UNAUTHORIZED', message: 'no' }] }), 'UNAUTHORIZED'],
    [answer(403, { errors: [{ code: 'DENIED', message: 'no' }] }), 'FORBIDDEN'],
    [answer(404, 'not json'), 'NOT_FOUND'],
    [answer(409, ''), 'INTERNAL'],
    [answer(429, { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }), 'TRANSIENT'],
    [answer(503, '<html>down</html>'), 'TRANSIENT'],
  ] as const)('an answer %j is %s', (response, code) => {
    expect(responseError(response, 'r').code).toBe(code);
  });

  it('names the host, what was asked, the status and Retry-After, never the body', () => {
    const error = responseError(answer(429, 'slow down', { 'retry-after': '4' }), 'manifest of x');
    expect(error.message).toBe(
      '[TRANSIENT] registry r.example: manifest of x answered HTTP 429 (Retry-After: 4)',
    );
  });

  it('echoes no text the registry chose: not its body, not a Retry-After that is no number', () => {
    const body = { errors: [{ code: 'DENIED', message: 'click https://evil.example/login' }] };
    const error = responseError(
      answer(403, body, { 'retry-after': 'see https://evil.example' }),
      'manifest of x',
    );
    expect(error.message).toBe('[FORBIDDEN] registry r.example: manifest of x answered HTTP 403');
  });

  it.each([
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND r.example'), { code: 'ENOTFOUND' }),
      'NOT_FOUND',
    ],
    [new RestError('socket hang up', { code: 'ECONNRESET' }), 'TRANSIENT'],
    [Object.assign(new Error('no token'), { name: 'CredentialUnavailableError' }), 'UNAUTHORIZED'],
  ] as const)('a thrown %s is %s', (error, code) => {
    const wrapped = registryError(error, 'lookup of x');
    expect(wrapped.code).toBe(code);
    expect(wrapped.message).toBe(`[${code}] registry: lookup of x: ${error.message}`);
  });
});

describe('a WinshiftError passes through every mapper unchanged', () => {
  const own = new WinshiftError('IMAGE_UNRESOLVED', 'kept');

  it.each([
    ['azure', () => azureToWinshift(own, 'y', { service: 'storage' })],
    ['storage', () => storageError(own, 'y')],
    ['kubernetes', () => kubeToWinshift(own, 'y')],
    ['registry', () => registryError(own, 'y')],
  ])('%s', (_mapper, wrap) => {
    expect(wrap()).toBe(own);
  });
});
