import { describe, expect, it } from '@jest/globals';
import { errorCodeOf } from '../../../src/domain/errors.js';
import { assertPoolName, poolNameProblem, suggestPoolName } from '../../../src/domain/naming.js';
import type { OsSku } from '../../../src/domain/os.js';

const letters = [...'abcdefghijklmnopqrstuvwxyz'];

describe('suggestPoolName', () => {
  it.each<[string, OsSku, string[], string]>([
    ['empty cluster', 'Windows2022', [], 'w22a'],
    ['typical cluster', 'Windows2022', ['nodepool1', 'win19'], 'w22a'],
    ['w22a taken', 'Windows2022', ['nodepool1', 'w22a'], 'w22b'],
    ['taken case-insensitively', 'Windows2022', ['W22A'], 'w22b'],
    ['gap is reused', 'Windows2022', ['w22a', 'w22c'], 'w22b'],
    ['2025 target', 'Windows2025', ['w22a'], 'w25a'],
    ['all single letters taken', 'Windows2022', letters.map((l) => `w22${l}`), 'w22aa'],
    ['w22aa taken too', 'Windows2022', [...letters.map((l) => `w22${l}`), 'w22aa'], 'w22ab'],
  ])('%s -> %s', (_name, sku, existing, expected) => {
    const name = suggestPoolName(sku, existing);
    expect(name).toBe(expected);
    expect(poolNameProblem(name, existing)).toBeUndefined();
  });

  it('falls back to win22x once every w22 name is taken', () => {
    const alnum = [...letters, ...'0123456789'];
    const existing = [
      ...letters.map((l) => `w22${l}`),
      ...letters.flatMap((a) => alnum.map((b) => `w22${a}${b}`)),
    ];
    expect(suggestPoolName('Windows2022', existing)).toBe('win22a');
  });

  it('reports POOL_EXISTS when every candidate is taken', () => {
    const alnum = [...letters, ...'0123456789'];
    const existing = [
      ...letters.map((l) => `w22${l}`),
      ...letters.flatMap((a) => alnum.map((b) => `w22${a}${b}`)),
      ...letters.map((l) => `win22${l}`),
    ];
    expect(() => suggestPoolName('Windows2022', existing)).toThrow('[POOL_EXISTS]');
  });
});

describe('poolNameProblem / assertPoolName', () => {
  it.each<[string, string[], string | undefined, string | undefined]>([
    ['w22a', [], undefined, undefined],
    ['a', [], undefined, undefined],
    ['abc123', [], undefined, undefined],
    ['', [], 'cannot be empty', 'INVALID_INPUT'],
    ['win2022', [], 'has 7 characters', 'INVALID_INPUT'],
    ['1win', [], 'must start with a lowercase letter', 'INVALID_INPUT'],
    ['W22a', [], 'must start with a lowercase letter', 'INVALID_INPUT'],
    ['w22A', [], 'contains "A"', 'INVALID_INPUT'],
    ['w-22', [], 'contains "-"', 'INVALID_INPUT'],
    ['w_22', [], 'contains "_"', 'INVALID_INPUT'],
    ['win19', ['nodepool1', 'win19'], 'already exists', 'POOL_EXISTS'],
    ['win19', ['WIN19'], 'already exists', 'POOL_EXISTS'],
  ])('%p with %p', (name, existing, problem, code) => {
    const found = poolNameProblem(name, existing);
    if (problem === undefined) {
      expect(found).toBeUndefined();
      expect(() => assertPoolName(name, existing)).not.toThrow();
      return;
    }
    expect(found).toContain(problem);
    let thrown: unknown;
    try {
      assertPoolName(name, existing);
    } catch (error) {
      thrown = error;
    }
    expect(errorCodeOf(thrown)).toBe(code);
  });
});
