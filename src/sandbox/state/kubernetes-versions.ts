import { compareMinor } from './aks-rules.js';

/** Kubernetes versions the emulated AKS region offers (data; a scenario's cluster versions are added). */
export const OFFERED_KUBERNETES_VERSIONS: readonly string[] = [
  '1.30.14',
  '1.31.10',
  '1.31.11',
  '1.32.6',
  '1.32.7',
  '1.33.2',
  '1.33.3',
  '1.34.1',
];

/** The default minor AKS picks for new clusters. */
export const DEFAULT_KUBERNETES_MINOR = '1.32';

function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function comparePatch(a: string, b: string): number {
  const minor = compareMinor(a, b);
  return minor !== 0 ? minor : Number(a.split('.')[2] ?? 0) - Number(b.split('.')[2] ?? 0);
}

/** All offered versions plus extra ones, sorted, unique. */
export function offeredVersions(extra: Iterable<string>): string[] {
  return [...new Set([...OFFERED_KUBERNETES_VERSIONS, ...extra])].sort(comparePatch);
}

/** KubernetesVersions_List `values`: per minor, its patches and their upgrade targets. */
export function kubernetesVersionList(versions: readonly string[]): Record<string, unknown>[] {
  const minors = [...new Set(versions.map(minorOf))];
  return minors.map((minor) => {
    const patches = versions.filter((version) => minorOf(version) === minor);
    const patchVersions = Object.fromEntries(
      patches.map((patch) => [
        patch,
        {
          upgrades: versions.filter(
            (candidate) =>
              comparePatch(candidate, patch) > 0 && compareMinor(candidate, patch) <= 1,
          ),
        },
      ]),
    );
    return {
      version: minor,
      capabilities: { supportPlan: ['KubernetesOfficial'] },
      ...(minor === DEFAULT_KUBERNETES_MINOR ? { isDefault: true } : {}),
      patchVersions,
    };
  });
}

/** Versions a new pool of a cluster may use: the control plane's minor and up to two below it. */
export function agentPoolVersions(versions: readonly string[], clusterVersion: string): string[] {
  return versions.filter((version) => {
    const distance = compareMinor(clusterVersion, version);
    return distance >= 0 && distance <= 2 && comparePatch(version, clusterVersion) <= 0;
  });
}
