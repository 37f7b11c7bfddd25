import { describe, expect, it } from '@jest/globals';
import {
  ERROR_CODES,
  WinshiftError,
  errorCodeOf,
  isErrorCode,
  isTransient,
  messageWithoutCode,
  type ErrorCode,
} from '../../../src/domain/errors.js';

describe('WinshiftError', () => {
  it.each(ERROR_CODES.map((code) => [code]))(
    '%s: message starts with [CODE] and keeps the code',
    (code) => {
      const error = new WinshiftError(code, 'something happened');
      expect(error.message).toBe(`[${code}] something happened`);
      expect(error.code).toBe(code);
      expect(error.name).toBe('WinshiftError');
      expect(errorCodeOf(error.message)).toBe(code);
    },
  );

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new WinshiftError('TRANSIENT', 'x', { cause }).cause).toBe(cause);
  });
});

describe('errorCodeOf', () => {
  it.each<[string, unknown, ErrorCode]>([
    [
      'Durable activity failure text',
      "Activity function 'createPool' failed: [POOL_EXISTS] pool w22a exists",
      'POOL_EXISTS',
    ],
    [
      'nested text keeps the first known code',
      'Orchestrator failed: [PDB_BLOCKED] then [INTERNAL]',
      'PDB_BLOCKED',
    ],
    [
      'unknown bracketed words are skipped',
      '[WARN] [NOT_A_CODE] x [DRAIN_TIMEOUT] y',
      'DRAIN_TIMEOUT',
    ],
    ['lower-case brackets are not codes', '[transient] oops', 'INTERNAL'],
    ['plain text', 'ECONNRESET', 'INTERNAL'],
    ['error object with a winshift code', { code: 'FORBIDDEN', message: 'nope' }, 'FORBIDDEN'],
    [
      'error object with a foreign code reads the message',
      { code: 'ECONNRESET', message: '[TRANSIENT] reset' },
      'TRANSIENT',
    ],
    ['Error instance', new WinshiftError('CANCELLED', 'by user'), 'CANCELLED'],
    ['Error without code or message code', new Error('boom'), 'INTERNAL'],
    ['null', null, 'INTERNAL'],
    ['number', 42, 'INTERNAL'],
  ])('%s', (_name, input, expected) => {
    expect(errorCodeOf(input)).toBe(expected);
  });

  it('uses the given fallback for unrecognised input', () => {
    expect(errorCodeOf('timeout', 'TRANSIENT')).toBe('TRANSIENT');
  });
});

describe('isTransient / isErrorCode / messageWithoutCode', () => {
  it.each<[ErrorCode, boolean]>([
    ['TRANSIENT', true],
    ['INTERNAL', false],
    ['PDB_BLOCKED', false],
    ['FORBIDDEN', false],
    ['POOL_CONFLICT', false],
  ])('isTransient(%s) = %s', (code, expected) => {
    expect(isTransient(code)).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    ['NOT_FOUND', true],
    ['not_found', false],
    ['', false],
    [undefined, false],
  ])('isErrorCode(%p) = %s', (value, expected) => {
    expect(isErrorCode(value)).toBe(expected);
  });

  it.each([
    ['[POOL_EXISTS] pool w22a exists', 'pool w22a exists'],
    ['no code here', 'no code here'],
  ])('messageWithoutCode(%p)', (input, expected) => {
    expect(messageWithoutCode(input)).toBe(expected);
  });
});
