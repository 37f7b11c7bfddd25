/**
 * The Windows retirement calendar (DESIGN section 1) as data. AKS publishes these dates in release
 * notes, not through an API or event, so winshift carries them and lets a setting override them when
 * Microsoft moves a date.
 */
import { WinshiftError } from './errors.js';
import {
  compareMinor,
  parseKubernetesVersion,
  type KubernetesVersion,
} from './kubernetes-version.js';
import { OS_SKUS, isOsSku, type OsSku } from './os.js';

export interface OsSupportWindow {
  /** Day (UTC, YYYY-MM-DD) the OS is retired: no support after it. */
  readonly retiresOn?: string;
  /** Day its node images are removed: scaling and node repair fail after it. */
  readonly imagesRemovedOn?: string;
  /** First Kubernetes minor version (`1.33`) on which the OS is no longer supported. */
  readonly unsupportedFromKubernetes?: string;
  /** Lowest Kubernetes minor version that supports the OS. */
  readonly minKubernetes?: string;
  /** The OS is only offered as a FIPS image (`enableFIPS: true`). */
  readonly requiresFips?: boolean;
}

export type RetirementCalendar = Readonly<Record<OsSku, OsSupportWindow>>;

export const DEFAULT_CALENDAR: RetirementCalendar = {
  Windows2019: {
    retiresOn: '2026-03-01',
    imagesRemovedOn: '2027-04-01',
    unsupportedFromKubernetes: '1.33',
  },
  Windows2022: {
    retiresOn: '2028-06-30',
    imagesRemovedOn: '2029-06-30',
    unsupportedFromKubernetes: '1.37',
  },
  Windows2025: { minKubernetes: '1.32', requiresFips: true },
};

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS: Readonly<Record<keyof OsSupportWindow, 'date' | 'version' | 'boolean'>> = {
  retiresOn: 'date',
  imagesRemovedOn: 'date',
  unsupportedFromKubernetes: 'version',
  minKubernetes: 'version',
  requiresFips: 'boolean',
};

function fieldProblem(kind: 'date' | 'version' | 'boolean', value: unknown): string | undefined {
  if (kind === 'boolean') return typeof value === 'boolean' ? undefined : 'expected true or false';
  if (typeof value !== 'string') return `expected a string, got ${JSON.stringify(value)}`;
  if (kind === 'version')
    return parseKubernetesVersion(value)
      ? undefined
      : `expected a version like "1.33", got "${value}"`;
  const valid = DATE_TEXT.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  return valid ? undefined : `expected a date YYYY-MM-DD, got "${value}"`;
}

/** Validates one SKU's override and merges it over `base` (`null` removes a field). */
function mergeWindow(
  sku: string,
  base: OsSupportWindow,
  raw: unknown,
  problems: string[],
): OsSupportWindow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${sku}: expected an object`);
    return base;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(raw)) {
    const kind = Object.hasOwn(FIELDS, field) ? FIELDS[field as keyof OsSupportWindow] : undefined;
    const problem =
      kind === undefined ? 'unknown field' : value === null ? undefined : fieldProblem(kind, value);
    if (problem) problems.push(`${sku}.${field}: ${problem}`);
    else if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

/**
 * Applies the calendar override setting (JSON such as `{"Windows2022":{"retiresOn":"2028-12-31"}}`)
 * on top of `base`. Fields merge per SKU; `null` removes a field. All problems are reported together,
 * each naming its field, so an operator fixes the setting in one go.
 */
export function parseCalendarOverride(
  json: string,
  base: RetirementCalendar = DEFAULT_CALENDAR,
  settingName = 'WINSHIFT_OS_CALENDAR',
): RetirementCalendar {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new WinshiftError('INVALID_INPUT', `${settingName}: not valid JSON (${String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `${settingName}: expected a JSON object keyed by OS SKU`,
    );
  }
  const problems: string[] = [];
  const result: Record<OsSku, OsSupportWindow> = { ...base };
  for (const [sku, raw] of Object.entries(parsed)) {
    if (!isOsSku(sku)) {
      problems.push(`${sku}: not an OS SKU (expected one of ${OS_SKUS.join(', ')})`);
      continue;
    }
    result[sku] = mergeWindow(sku, base[sku], raw, problems);
  }
  if (problems.length > 0) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `${settingName} is invalid: ${problems.map((p) => `${settingName}.${p}`).join('; ')}`,
    );
  }
  return result;
}

export type SupportResult =
  { readonly supported: true } | { readonly supported: false; readonly reason: string };

/**
 * Whether AKS supports running `osSku` nodes on a cluster of `kubernetesVersion` (minor-version
 * bounds and, for target choice, the retirement date relative to `now`).
 */
export function osSupportOn(
  osSku: OsSku,
  kubernetesVersion: string,
  calendar: RetirementCalendar = DEFAULT_CALENDAR,
  now?: Date,
): SupportResult {
  const version = parseKubernetesVersion(kubernetesVersion);
  if (!version)
    return { supported: false, reason: `"${kubernetesVersion}" is not a Kubernetes version` };
  const window = calendar[osSku];
  const tooNew = versionAtLeast(version, window.unsupportedFromKubernetes);
  if (tooNew) {
    return {
      supported: false,
      reason: `${osSku} is not supported on Kubernetes ${window.unsupportedFromKubernetes ?? ''} or newer`,
    };
  }
  if (window.minKubernetes !== undefined && !versionAtLeast(version, window.minKubernetes)) {
    return {
      supported: false,
      reason: `${osSku} needs Kubernetes ${window.minKubernetes} or newer`,
    };
  }
  if (now && window.retiresOn !== undefined && now.getTime() >= dayStart(window.retiresOn)) {
    return { supported: false, reason: `${osSku} was retired on ${window.retiresOn}` };
  }
  return { supported: true };
}

function versionAtLeast(version: KubernetesVersion, bound: string | undefined): boolean {
  const parsedBound = bound === undefined ? undefined : parseKubernetesVersion(bound);
  return parsedBound !== undefined && compareMinor(version, parsedBound) >= 0;
}

/** Midnight UTC of a YYYY-MM-DD day, in ms. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
