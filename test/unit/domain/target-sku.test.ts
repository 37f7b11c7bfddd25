import { describe, expect, it } from '@jest/globals';
import { parseCalendarOverride } from '../../../src/domain/calendar.js';
import type { OsSku } from '../../../src/domain/os.js';
import { chooseTargetSku } from '../../../src/domain/target-sku.js';

const now = new Date('2026-11-28T12:00:00Z');

describe('chooseTargetSku', () => {
  it.each<[string, OsSku, string | undefined, string, OsSku, boolean]>([
    ['2019 -> next supported is 2022', 'Windows2019', undefined, '1.32.5', 'Windows2022', false],
    ['2019 on 1.37 skips 2022 for 2025', 'Windows2019', undefined, '1.37.0', 'Windows2025', true],
    ['2022 -> 2025', 'Windows2022', undefined, '1.33', 'Windows2025', true],
    ['requested 2025 from 2019', 'Windows2019', 'Windows2025', '1.32', 'Windows2025', true],
    ['requested, lower-case', 'Windows2019', 'windows2022', '1.30', 'Windows2022', false],
  ])('%s', (_name, sourceSku, requested, kubernetesVersion, osSku, requiresFips) => {
    const input =
      requested === undefined
        ? { sourceSku, kubernetesVersion, now }
        : { sourceSku, requested, kubernetesVersion, now };
    const result = chooseTargetSku(input);
    expect(result).toMatchObject({ ok: true, osSku, requiresFips });
  });

  it('reports the minimum Kubernetes version a target needs', () => {
    expect(chooseTargetSku({ sourceSku: 'Windows2022', kubernetesVersion: '1.33', now })).toEqual({
      ok: true,
      osSku: 'Windows2025',
      requiresFips: true,
      minKubernetes: '1.32',
    });
  });

  it.each<[string, OsSku, string | undefined, string, string, string]>([
    ['unknown requested SKU', 'Windows2019', 'Windows2030', '1.30', 'INVALID_INPUT', 'not one of'],
    ['requested same SKU', 'Windows2022', 'Windows2022', '1.30', 'INVALID_INPUT', 'not newer than'],
    [
      'requested older SKU',
      'Windows2022',
      'Windows2019',
      '1.30',
      'INVALID_INPUT',
      'not newer than',
    ],
    [
      'requested 2025 on 1.31',
      'Windows2019',
      'Windows2025',
      '1.31',
      'OS_SKU_UNSUPPORTED',
      'needs Kubernetes 1.32',
    ],
    [
      'requested 2022 on 1.37',
      'Windows2019',
      'Windows2022',
      '1.37',
      'OS_SKU_UNSUPPORTED',
      'not supported on Kubernetes 1.37',
    ],
    [
      '2025 has no newer SKU',
      'Windows2025',
      undefined,
      '1.33',
      'OS_SKU_UNSUPPORTED',
      'newest Windows OS SKU',
    ],
    [
      '2022 on 1.31: 2025 needs 1.32',
      'Windows2022',
      undefined,
      '1.31',
      'OS_SKU_UNSUPPORTED',
      'needs Kubernetes 1.32',
    ],
  ])('%s -> %s', (_name, sourceSku, requested, kubernetesVersion, code, reason) => {
    const input =
      requested === undefined
        ? { sourceSku, kubernetesVersion, now }
        : { sourceSku, requested, kubernetesVersion, now };
    const result = chooseTargetSku(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.reason).toContain(reason);
    }
  });

  it('does not choose a retired SKU', () => {
    const calendar = parseCalendarOverride('{"Windows2022":{"retiresOn":"2026-01-01"}}');
    const result = chooseTargetSku(
      { sourceSku: 'Windows2019', kubernetesVersion: '1.32', now },
      calendar,
    );
    expect(result).toMatchObject({ ok: true, osSku: 'Windows2025' });
  });
});
