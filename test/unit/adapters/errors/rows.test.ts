import { describe, expect, it } from '@jest/globals';
import { rowMatches, type HttpFailure, type Row } from '../../../../src/adapters/errors/rows.js';

/** Rows like the ones a later issue may add (a quota refusal is permanent, not busy). */
const QUOTA: Row = {
  status: 409,
  serviceCodes: ['OperationNotAllowed'],
  message: /quota/i,
  code: 'INVALID_INPUT',
  reason: 'over quota: waiting will not help',
};
const SERVER_ERRORS: Row = { status: [500, 599], code: 'TRANSIENT', reason: 'r' };

const failure = (status: number, serviceCode?: string, message = ''): HttpFailure => ({
  status,
  serviceCode,
  message,
});

describe('rowMatches', () => {
  it.each([
    ['the status, code and message', failure(409, 'OperationNotAllowed', 'exceeds Quota'), true],
    ['the code in another case', failure(409, 'operationNOTallowed', 'quota'), true],
    ['another message', failure(409, 'OperationNotAllowed', 'another operation'), false],
    ['another code', failure(409, 'Conflict', 'quota'), false],
    ['no code', failure(409, undefined, 'quota'), false],
    ['another status', failure(400, 'OperationNotAllowed', 'quota'), false],
  ])('a row with code and message pattern: %s -> %s', (_what, candidate, expected) => {
    expect(rowMatches(QUOTA, candidate)).toBe(expected);
  });

  it.each([
    [499, false],
    [500, true],
    [550, true],
    [599, true],
    [600, false],
  ])('a status range 500-599 and %i -> %s', (status, expected) => {
    expect(rowMatches(SERVER_ERRORS, failure(status, 'AnyCode', 'any message'))).toBe(expected);
  });

  it('a global pattern matches every time (no lastIndex carried between calls)', () => {
    const row: Row = { ...QUOTA, message: /quota/g };
    const over = failure(409, 'OperationNotAllowed', 'quota exceeded');
    expect([rowMatches(row, over), rowMatches(row, over), rowMatches(row, over)]).toEqual([
      true,
      true,
      true,
    ]);
  });
});
