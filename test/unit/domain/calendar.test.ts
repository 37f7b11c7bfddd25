import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_CALENDAR,
  osSupportOn,
  parseCalendarOverride,
} from '../../../src/domain/calendar.js';
import { errorCodeOf } from '../../../src/domain/errors.js';
import { parseKubernetesVersion } from '../../../src/domain/kubernetes-version.js';
import type { OsSku } from '../../../src/domain/os.js';

describe('parseKubernetesVersion', () => {
  it.each([
    ['1.32', { major: 1, minor: 32 }],
    ['1.32.4', { major: 1, minor: 32, patch: 4 }],
    ['v1.30.10', { major: 1, minor: 30, patch: 10 }],
    ['1', undefined],
    ['1.x', undefined],
    ['', undefined],
  ])('%p', (text, expected) => {
    expect(parseKubernetesVersion(text)).toEqual(expected);
  });
});

describe('osSupportOn', () => {
  it.each<[OsSku, string, boolean, string]>([
    ['Windows2019', '1.32.7', true, ''],
    ['Windows2019', '1.33', false, 'not supported on Kubernetes 1.33 or newer'],
    ['Windows2019', 'v1.34.1', false, 'not supported on Kubernetes 1.33 or newer'],
    ['Windows2022', '1.36.9', true, ''],
    ['Windows2022', '1.37.0', false, 'not supported on Kubernetes 1.37 or newer'],
    ['Windows2025', '1.31.9', false, 'needs Kubernetes 1.32 or newer'],
    ['Windows2025', '1.32.0', true, ''],
    ['Windows2025', '1.40', true, ''],
    ['Windows2022', 'latest', false, 'is not a Kubernetes version'],
  ])('%s on %s: %s', (sku, version, supported, reason) => {
    const result = osSupportOn(sku, version);
    expect(result.supported).toBe(supported);
    if (!result.supported) expect(result.reason).toContain(reason);
  });

  it.each<[OsSku, string, boolean]>([
    ['Windows2019', '2026-02-28T23:59:59Z', true],
    ['Windows2019', '2026-03-01T00:00:00Z', false],
    ['Windows2022', '2028-06-29T12:00:00Z', true],
    ['Windows2022', '2028-06-30T00:00:00Z', false],
  ])('with now: %s at %s supported=%s', (sku, now, supported) => {
    expect(osSupportOn(sku, '1.30', DEFAULT_CALENDAR, new Date(now)).supported).toBe(supported);
  });
});

describe('parseCalendarOverride', () => {
  it('merges per SKU and field, leaving the rest as the default', () => {
    const calendar = parseCalendarOverride(
      '{"Windows2022":{"retiresOn":"2028-12-31"},"Windows2025":{"requiresFips":false}}',
    );
    expect(calendar.Windows2022).toEqual({
      retiresOn: '2028-12-31',
      imagesRemovedOn: '2029-06-30',
      unsupportedFromKubernetes: '1.37',
    });
    expect(calendar.Windows2025).toEqual({ minKubernetes: '1.32', requiresFips: false });
    expect(calendar.Windows2019).toEqual(DEFAULT_CALENDAR.Windows2019);
  });

  it('removes a field set to null', () => {
    const calendar = parseCalendarOverride('{"Windows2019":{"unsupportedFromKubernetes":null}}');
    expect(calendar.Windows2019.unsupportedFromKubernetes).toBeUndefined();
    expect(osSupportOn('Windows2019', '1.34', calendar).supported).toBe(true);
  });

  it('accepts an empty object', () => {
    expect(parseCalendarOverride('{}')).toEqual(DEFAULT_CALENDAR);
  });

  it.each([
    ['not JSON', '{', ['WINSHIFT_OS_CALENDAR: not valid JSON']],
    ['an array', '[]', ['expected a JSON object keyed by OS SKU']],
    ['unknown SKU', '{"Windows2016":{}}', ['WINSHIFT_OS_CALENDAR.Windows2016: not an OS SKU']],
    [
      'bad date',
      '{"Windows2022":{"retiresOn":"30/06/2028"}}',
      ['WINSHIFT_OS_CALENDAR.Windows2022.retiresOn: expected a date YYYY-MM-DD, got "30/06/2028"'],
    ],
    [
      'impossible date',
      '{"Windows2022":{"imagesRemovedOn":"2029-13-45"}}',
      ['Windows2022.imagesRemovedOn: expected a date'],
    ],
    [
      'bad version',
      '{"Windows2025":{"minKubernetes":"one-thirty"}}',
      ['Windows2025.minKubernetes: expected a version like "1.33"'],
    ],
    [
      'number where string',
      '{"Windows2019":{"retiresOn":20260301}}',
      ['Windows2019.retiresOn: expected a string, got 20260301'],
    ],
    [
      'bad boolean',
      '{"Windows2025":{"requiresFips":"yes"}}',
      ['Windows2025.requiresFips: expected true or false'],
    ],
    [
      'unknown field',
      '{"Windows2022":{"retireOn":"2028-01-01"}}',
      ['Windows2022.retireOn: unknown field'],
    ],
    ['SKU not an object', '{"Windows2022":null}', ['Windows2022: expected an object']],
    [
      'all problems together',
      '{"Windows2022":{"retiresOn":"x"},"Windows2019":{"minKubernetes":"y"}}',
      ['Windows2022.retiresOn', 'Windows2019.minKubernetes'],
    ],
  ])('rejects %s with INVALID_INPUT naming the field', (_name, json, fragments) => {
    let thrown: unknown;
    try {
      parseCalendarOverride(json);
    } catch (error) {
      thrown = error;
    }
    expect(errorCodeOf(thrown)).toBe('INVALID_INPUT');
    for (const fragment of fragments) expect((thrown as Error).message).toContain(fragment);
  });

  it('names the setting it was given', () => {
    expect(() => parseCalendarOverride('{"X":{}}', DEFAULT_CALENDAR, 'MY_SETTING')).toThrow(
      'MY_SETTING.X',
    );
  });
});
