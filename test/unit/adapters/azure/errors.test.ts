import { describe, expect, it } from '@jest/globals';
import { createHttpHeaders, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import {
  azureCall,
  azureCallOrUndefined,
  codeForAzureError,
  codeForStatus,
  describeAzureError,
  toWinshiftError,
} from '../../../../src/adapters/errors.js';
import { WinshiftError } from '../../../../src/domain/errors.js';

function restError(status: number, code?: string, headers: Record<string, string> = {}): RestError {
  const response = { status, headers: createHttpHeaders(headers) } as PipelineResponse;
  return new RestError(`failure ${status}`, {
    statusCode: status,
    response,
    ...(code ? { code } : {}),
  });
}

const systemError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
const named = (name: string): Error => Object.assign(new Error(name), { name });

describe('Azure error mapping', () => {
  it.each([
    [400, undefined, 'INVALID_INPUT'],
    [422, undefined, 'INVALID_INPUT'],
    [401, undefined, 'UNAUTHORIZED'],
    [403, undefined, 'FORBIDDEN'],
    [404, undefined, 'NOT_FOUND'],
    [408, undefined, 'TRANSIENT'],
    [409, 'Conflict', 'POOL_CONFLICT'],
    [409, 'RoleAssignmentExists', 'POOL_CONFLICT'],
    [409, 'AnotherOperationInProgress', 'CLUSTER_OPERATION_IN_PROGRESS'],
    [409, 'QuotaExceeded', 'QUOTA_EXCEEDED'],
    [412, 'PreconditionFailed', 'TRANSIENT'],
    [429, undefined, 'TRANSIENT'],
    [500, undefined, 'TRANSIENT'],
    [502, undefined, 'TRANSIENT'],
    [503, undefined, 'TRANSIENT'],
    [418, undefined, 'INTERNAL'],
  ] as const)('HTTP %i (%s) is %s', (status, armCode, expected) => {
    expect(codeForStatus(status, armCode)).toBe(expected);
    expect(codeForAzureError(restError(status, armCode))).toBe(expected);
  });

  it('lets the caller choose the code of a real 409', () => {
    expect(codeForStatus(409, 'Conflict', { conflictCode: 'TRANSIENT' })).toBe('TRANSIENT');
  });

  it.each([
    [systemError('ECONNRESET'), 'TRANSIENT'],
    [systemError('ETIMEDOUT'), 'TRANSIENT'],
    [systemError('ECONNREFUSED'), 'TRANSIENT'],
    [Object.assign(new Error('wrapped'), { cause: systemError('EAI_AGAIN') }), 'TRANSIENT'],
    [new RestError('socket hang up', { code: RestError.REQUEST_SEND_ERROR }), 'TRANSIENT'],
    [named('AbortError'), 'TRANSIENT'],
    [named('CredentialUnavailableError'), 'UNAUTHORIZED'],
    [named('AuthenticationError'), 'UNAUTHORIZED'],
    [new Error('something else'), 'INTERNAL'],
    ['a string', 'INTERNAL'],
    [new WinshiftError('PDB_BLOCKED', 'kept'), 'PDB_BLOCKED'],
  ] as const)('%p is %s', (error, expected) => {
    expect(codeForAzureError(error)).toBe(expected);
  });

  it.each([
    [restError(429, undefined, { 'retry-after': '17' }), 'HTTP 429 failure 429 (Retry-After: 17)'],
    [restError(400, 'InvalidParameter'), 'HTTP 400 InvalidParameter: failure 400'],
    // The code is not repeated when the message already names it.
    [systemError('ECONNRESET'), 'connect ECONNRESET'],
    [systemError('EPIPE'), 'connect EPIPE'],
    [
      Object.assign(new Error('reset by peer'), { code: 'ECONNRESET' }),
      'ECONNRESET: reset by peer',
    ],
  ])('describes %p as %s', (error, text) => {
    expect(describeAzureError(error)).toBe(text);
  });

  it('wraps with what was being done and the [CODE] prefix; WinshiftErrors pass through', () => {
    const wrapped = toWinshiftError(restError(404, 'ResourceNotFound'), 'AKS: read cluster c');
    expect(wrapped.message).toBe(
      '[NOT_FOUND] AKS: read cluster c: HTTP 404 ResourceNotFound: failure 404',
    );
    expect(wrapped.code).toBe('NOT_FOUND');
    const own = new WinshiftError('POOL_EXISTS', 'x');
    expect(toWinshiftError(own, 'y')).toBe(own);
  });

  it('azureCall translates; azureCallOrUndefined answers a 404 with undefined only', async () => {
    await expect(azureCall('doing', () => Promise.reject(restError(503)))).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    expect(
      await azureCallOrUndefined('doing', () => Promise.reject(restError(404))),
    ).toBeUndefined();
    await expect(
      azureCallOrUndefined('doing', () => Promise.reject(restError(403))),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await azureCall('doing', () => Promise.resolve(7))).toBe(7);
  });
});
