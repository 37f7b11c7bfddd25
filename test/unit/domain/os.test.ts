import { describe, expect, it } from '@jest/globals';
import {
  buildOf,
  compareOsSku,
  hostCanRun,
  isOsSku,
  ltscTagOf,
  nextOsSku,
  osSkuOfBuild,
  parseOsSku,
  parseWindowsBuild,
  sameBuild,
  type OsSku,
} from '../../../src/domain/os.js';

describe('SKU facts', () => {
  it.each<[OsSku, string, string, OsSku | undefined]>([
    ['Windows2019', '10.0.17763', 'ltsc2019', 'Windows2022'],
    ['Windows2022', '10.0.20348', 'ltsc2022', 'Windows2025'],
    ['Windows2025', '10.0.26100', 'ltsc2025', undefined],
  ])('%s: build %s, tag %s, next %s', (sku, build, tag, next) => {
    expect(buildOf(sku)).toBe(build);
    expect(ltscTagOf(sku)).toBe(tag);
    expect(nextOsSku(sku)).toBe(next);
    expect(osSkuOfBuild(build)).toBe(sku);
  });

  it.each<[unknown, boolean]>([
    ['Windows2022', true],
    ['windows2022', false],
    ['Windows2016', false],
    ['Ubuntu', false],
    [2022, false],
  ])('isOsSku(%p) = %s', (value, expected) => {
    expect(isOsSku(value)).toBe(expected);
  });

  it.each<[string, OsSku | undefined]>([
    ['Windows2022', 'Windows2022'],
    ['windows2019', 'Windows2019'],
    [' WINDOWS2025 ', 'Windows2025'],
    ['Windows', undefined],
    ['AzureLinux', undefined],
  ])('parseOsSku(%p) = %s', (value, expected) => {
    expect(parseOsSku(value)).toBe(expected);
  });

  it('orders SKUs by release', () => {
    expect(compareOsSku('Windows2019', 'Windows2022')).toBeLessThan(0);
    expect(compareOsSku('Windows2025', 'Windows2022')).toBeGreaterThan(0);
    expect(compareOsSku('Windows2022', 'Windows2022')).toBe(0);
  });
});

describe('parseWindowsBuild / osSkuOfBuild', () => {
  it.each<[string, string | undefined, OsSku | undefined]>([
    ['10.0.17763', '10.0.17763', 'Windows2019'],
    ['10.0.20348.2655', '10.0.20348', 'Windows2022'],
    ['10.0.26100.1742', '10.0.26100', 'Windows2025'],
    [' 10.0.20348 ', '10.0.20348', 'Windows2022'],
    ['10.0.19041.1', '10.0.19041', undefined],
    ['10.0', undefined, undefined],
    ['10.0.20348.2655.1', undefined, undefined],
    ['ltsc2022', undefined, undefined],
    ['', undefined, undefined],
  ])('%p -> %s (%s)', (text, build, sku) => {
    const parsed = parseWindowsBuild(text);
    expect(parsed ? `${parsed.major}.${parsed.minor}.${parsed.build}` : undefined).toBe(build);
    expect(osSkuOfBuild(text)).toBe(sku);
  });

  it.each<[string, string, boolean]>([
    ['10.0.20348', '10.0.20348.2655', true],
    ['10.0.20348.1', '10.0.20348.2655', true],
    ['10.0.17763', '10.0.20348', false],
    ['x', 'x', false],
  ])('sameBuild(%p, %p) = %s', (a, b, expected) => {
    expect(sameBuild(a, b)).toBe(expected);
  });
});

describe('hostCanRun (process isolation)', () => {
  it.each<[OsSku, string, boolean]>([
    ['Windows2019', 'Windows2019', true],
    ['Windows2019', 'Windows2022', false],
    ['Windows2022', 'Windows2022', true],
    ['Windows2022', 'Windows2019', false],
    ['Windows2022', 'Windows2025', false],
    ['Windows2025', 'Windows2022', true],
    ['Windows2025', 'Windows2025', true],
    ['Windows2025', 'Windows2019', false],
    ['Windows2022', '10.0.20348.2655', true],
    ['Windows2022', '10.0.20348.1', true],
    ['Windows2022', '10.0.17763.6054', false],
    ['Windows2025', '10.0.20348.2655', true],
    ['Windows2025', '10.0.19041.1', false],
    ['Windows2022', 'garbage', false],
  ])('host %s runs image %s: %s', (host, image, expected) => {
    expect(hostCanRun(host, image)).toBe(expected);
  });
});
