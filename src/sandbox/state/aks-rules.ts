import type { OsSku } from './scenario.js';

/** A Kubernetes version range in which an OS SKU is offered; bounds are minor versions. */
export interface OsSkuSupport {
  readonly osSku: OsSku;
  /** Lowest Kubernetes minor that supports it (inclusive), e.g. `1.32`. */
  readonly minKubernetes?: string;
  /** First Kubernetes minor that no longer supports it (exclusive), e.g. `1.33`. */
  readonly endKubernetes?: string;
  /** The SKU only ships as a FIPS image (`enableFIPS: true` on the pool). */
  readonly requiresFips?: boolean;
}

/** AKS release notes (DESIGN 1): data, so a newer calendar is one edit. */
export const OS_SKU_SUPPORT: readonly OsSkuSupport[] = [
  { osSku: 'Windows2019', endKubernetes: '1.33' },
  { osSku: 'Windows2022', endKubernetes: '1.37' },
  { osSku: 'Windows2025', minKubernetes: '1.32', requiresFips: true },
];

/** Compares two `major.minor[.patch]` versions by major and minor only. */
export function compareMinor(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}

/** Whether AKS offers the OS SKU on the Kubernetes version; unknown SKUs (Linux ones) are allowed. */
export function osSkuSupported(osSku: string, kubernetesVersion: string): boolean {
  const rule = OS_SKU_SUPPORT.find((entry) => entry.osSku === osSku);
  if (!rule) return true;
  if (rule.minKubernetes && compareMinor(kubernetesVersion, rule.minKubernetes) < 0) return false;
  return !(rule.endKubernetes && compareMinor(kubernetesVersion, rule.endKubernetes) >= 0);
}

/** Whether the OS SKU needs `enableFIPS: true`. */
export function osSkuRequiresFips(osSku: string): boolean {
  return OS_SKU_SUPPORT.some((entry) => entry.osSku === osSku && entry.requiresFips === true);
}

/** Windows pool names: 1-6 characters, lowercase letters and digits, starting with a letter. */
export const WINDOWS_POOL_NAME = /^[a-z][a-z0-9]{0,5}$/;
/** Linux pool names: 1-12 characters, lowercase letters and digits, starting with a letter. */
export const LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
