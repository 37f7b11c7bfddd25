import { describe, expect, it } from '@jest/globals';
import { FaultBook } from '../../../../src/sandbox/arm/faults.js';
import { parseAssignmentFilter } from '../../../../src/sandbox/arm/routes/authorization.js';
import { osSkuSupported, WINDOWS_POOL_NAME } from '../../../../src/sandbox/state/aks-rules.js';
import { parseImageRef } from '../../../../src/sandbox/state/images.js';
import { scopeContains } from '../../../../src/sandbox/state/role-assignments.js';

describe('sandbox rules as data', () => {
  it.each([
    ['Windows2019', '1.32.7', true],
    ['Windows2019', '1.33.0', false],
    ['Windows2022', '1.36.1', true],
    ['Windows2022', '1.37.0', false],
    ['Windows2025', '1.31.10', false],
    ['Windows2025', '1.32.0', true],
    ['Ubuntu', '1.40.0', true],
  ])('%s on Kubernetes %s supported: %s', (sku, version, expected) => {
    expect(osSkuSupported(sku, version)).toBe(expected);
  });

  it.each([
    ['w', true],
    ['win22', true],
    ['win2022', false],
    ['Win22', false],
    ['2win', false],
    ['w-22', false],
  ])('Windows pool name %s valid: %s', (name, expected) => {
    expect(WINDOWS_POOL_NAME.test(name)).toBe(expected);
  });

  it.each([
    [
      'mcr.microsoft.com/windows/servercore:ltsc2019',
      { host: 'mcr.microsoft.com', repository: 'windows/servercore', reference: ':ltsc2019' },
    ],
    [
      'contoso.azurecr.io/app@sha256:abc',
      { host: 'contoso.azurecr.io', repository: 'app', reference: '@sha256:abc' },
    ],
    ['localhost:5000/app', { host: 'localhost:5000', repository: 'app', reference: ':latest' }],
    ['library/nginx:1.27', { host: 'docker.io', repository: 'library/nginx', reference: ':1.27' }],
  ])('parses image reference %s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });

  it('nests ARM scopes by path prefix, case-insensitively', () => {
    expect(scopeContains('/subscriptions/A', '/subscriptions/a/resourceGroups/rg')).toBe(true);
    expect(
      scopeContains('/subscriptions/a/resourceGroups/rg', '/subscriptions/a/resourceGroups/rg2'),
    ).toBe(false);
    expect(scopeContains('/subscriptions/a/resourceGroups/rg', '/subscriptions/a')).toBe(false);
  });

  it('parses role assignment filters and refuses unknown ones', () => {
    expect(parseAssignmentFilter("atScope() and principalId eq 'p1'")).toEqual({
      atScope: true,
      principalId: 'p1',
    });
    expect(parseAssignmentFilter("assignedTo('p2')")).toEqual({ atScope: false, assignedTo: 'p2' });
    expect(parseAssignmentFilter("roleDefinitionId eq 'x'")).toBe("roleDefinitionId eq 'x'");
  });

  it('consumes counted faults call by call; latency adds up; lroFailed only for LROs', () => {
    const book = new FaultBook();
    book.add({ operationId: 'Op', kind: 'latency', delayMs: 5, count: 2 });
    book.add({ operationId: 'Op', kind: 'lroFailed', count: 1 });
    book.add({ operationId: 'Op', kind: 'throttle', count: 1 });
    expect(book.take('Op', false)).toEqual({
      delayMs: 5,
      failure: expect.objectContaining({ kind: 'throttle' }),
    });
    expect(book.take('Op', true)).toEqual({
      delayMs: 5,
      failure: expect.objectContaining({ kind: 'lroFailed' }),
    });
    expect(book.take('Op', true)).toEqual({ delayMs: 0, failure: undefined });
    expect(book.list()).toEqual([]);
    expect(() => book.add({ operationId: 'Op', kind: 'explode' as 'throttle' })).toThrow(/kind/);
  });
});
