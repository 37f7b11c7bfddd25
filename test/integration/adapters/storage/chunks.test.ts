import { describe, expect, it } from '@jest/globals';
import {
  cut,
  readRows,
  readText,
  textProperties,
  textRows,
} from '../../../../src/adapters/storage/chunks.js';
import { expandConnectionString } from '../../../../src/adapters/storage/connection.js';

describe('text spread over table properties and rows', () => {
  it.each([
    ['empty', ''],
    ['short', 'abc'],
    ['exactly one piece', 'a'.repeat(8)],
    ['several pieces', 'abcdefghijklmnopqrstuvwxyz'],
    ['a surrogate pair on a cut', 'abcdefg😀hij😀'],
  ])('round-trips %s text', (_, text) => {
    const rows = textRows(text, 8, 2);
    expect(readRows(rows)).toBe(text);
    for (const row of rows) {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(8);
        expect(key).toMatch(/^(rows|text\d+|textParts)$/);
      }
    }
  });

  it('never splits a surrogate pair', () => {
    const pieces = cut('abc😀def', 4);
    expect(pieces).toEqual(['abc', '😀de', 'f']);
    expect(pieces.join('')).toBe('abc😀def');
  });

  it('reports a missing piece rather than returning cut text', () => {
    const props = textProperties('json', 'abcdefghij', 4);
    delete props['json1'];
    expect(() => readText(props, 'json')).toThrow('json1 of 3');
  });
});

describe('expandConnectionString', () => {
  it('spells out Azurite for UseDevelopmentStorage=true', () => {
    const expanded = expandConnectionString('UseDevelopmentStorage=true');
    expect(expanded).toContain('AccountName=devstoreaccount1');
    expect(expanded).toContain('TableEndpoint=http://127.0.0.1:10002/devstoreaccount1');
  });

  it('keeps other connection strings as they are', () => {
    const text =
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net';
    expect(expandConnectionString(text)).toBe(text);
  });
});
