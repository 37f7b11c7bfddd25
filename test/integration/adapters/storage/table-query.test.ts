import { describe, expect, it } from '@jest/globals';
import { prefixFilter } from '../../../../src/adapters/storage/table-query.js';

describe('prefixFilter', () => {
  it.each([
    ['original-', "RowKey ge 'original-' and RowKey lt 'original.'"],
    ['plan-0123abcd-', "RowKey ge 'plan-0123abcd-' and RowKey lt 'plan-0123abcd.'"],
  ])('bounds the keys starting with %s by printable text', (prefix, range) => {
    expect(prefixFilter("it's-1", prefix)).toBe(`PartitionKey eq 'it''s-1' and ${range}`);
  });

  it.each(['original~', 'plan'])(
    'refuses the prefix %s, whose bound would not be printable',
    (p) => {
      expect(() => prefixFilter('p', p)).toThrow("must end in '-'");
    },
  );
});
