import type { ImageVariant } from './image-catalog.js';

/** What the node agent needs to know about a node's operating system. */
export interface NodePlatform {
  readonly os: 'windows' | 'linux';
  /** Windows only: `10.0.<build>`. */
  readonly windowsBuild?: string;
}

// The host -> container build rule of process isolation (DESIGN section 1), as the simulated
// kubelet/containerd applies it: 2019 runs 2019 images, 2022 runs 2022, 2025 runs 2022 and 2025.
const RUNNABLE_BUILDS: Readonly<Record<string, readonly string[]>> = {
  '10.0.17763': ['10.0.17763'],
  '10.0.20348': ['10.0.20348'],
  '10.0.26100': ['10.0.20348', '10.0.26100'],
};

/** `10.0.17763.5830` -> `10.0.17763`. */
export function buildOf(osVersion: string): string {
  return osVersion.split('.').slice(0, 3).join('.');
}

export function canRun(node: NodePlatform, variant: ImageVariant): boolean {
  if (variant.os !== node.os) return false;
  if (node.os === 'linux') return true;
  if (!node.windowsBuild || !variant.osVersion) return false;
  const hostBuild = buildOf(node.windowsBuild);
  return (RUNNABLE_BUILDS[hostBuild] ?? [hostBuild]).includes(buildOf(variant.osVersion));
}

/**
 * What happens when a node tries to run an image, the way containerd on that node behaves:
 * - `run`: a compatible variant exists (its size drives the pull time).
 * - `not-found`: the registry does not know the reference -> ErrImagePull / ImagePullBackOff.
 * - `no-matching-platform`: an index without a variant for this node, or a single-platform image for
 *   the other OS -> the pull fails (ErrImagePull / ImagePullBackOff).
 * - `os-mismatch`: a single-platform Windows image for another build: containerd pulls it, then the
 *   container cannot start ("The container operating system does not match the host operating
 *   system") -> StartError and CrashLoopBackOff with restarts.
 */
export type PullPlan =
  | { readonly kind: 'run'; readonly variant: ImageVariant }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'no-matching-platform' }
  | { readonly kind: 'os-mismatch'; readonly variant: ImageVariant };

export function planPull(
  node: NodePlatform,
  variants: readonly ImageVariant[] | undefined,
): PullPlan {
  if (!variants || variants.length === 0) return { kind: 'not-found' };
  const runnable = variants.find((variant) => canRun(node, variant));
  if (runnable) return { kind: 'run', variant: runnable };
  const [only] = variants;
  if (variants.length === 1 && only && only.os === node.os)
    return { kind: 'os-mismatch', variant: only };
  return { kind: 'no-matching-platform' };
}
