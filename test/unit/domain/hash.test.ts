import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../../src/domain/hash.js';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('FIPS 180-2 vector %p', (text, expected) => {
    expect(sha256Hex(text)).toBe(expected);
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000].map((n) => [n]))(
    'matches node:crypto for %i bytes',
    (n) => {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    },
  );

  it('hashes UTF-8, not UTF-16', () => {
    const text = 'Ünïcödé ✓ 🚀';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[undefined, 1], '[null,1]'],
    ['text', '"text"'],
    [true, 'true'],
  ])('%p', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('cannot hash NaN');
  });
});
