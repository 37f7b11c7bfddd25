/** Kubernetes minor versions, the granularity at which AKS states OS support. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

const VERSION_TEXT = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Parses `1.32`, `1.32.4` or `v1.32.4` (AKS's orchestratorVersion and the API server's gitVersion). */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = VERSION_TEXT.exec(text.trim());
  if (!match) return undefined;
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  return match[3] === undefined ? version : { ...version, patch: Number(match[3]) };
}

/** Compares major.minor only: support statements are per minor version. */
export function compareMinor(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** Compares major.minor.patch; a version without a patch sorts as patch 0. */
export function comparePatch(a: KubernetesVersion, b: KubernetesVersion): number {
  return compareMinor(a, b) || (a.patch ?? 0) - (b.patch ?? 0);
}
