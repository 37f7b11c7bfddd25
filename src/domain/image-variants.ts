/**
 * Whether a registry image can run on the target host, from the variants the registry lists: an image
 * index's `platform.os` / `platform.os.version` per manifest, or a single-platform image's config blob
 * (`os`, `os.version`). The adapter fetches them; this decides.
 */
import { hostCanRun, osSkuOfBuild, type OsSku } from './os.js';

export interface ImageVariant {
  readonly os: string;
  readonly osVersion?: string;
  readonly architecture?: string;
}

export type VariantVerdict =
  | { readonly runnable: true; readonly osVersion: string; readonly reason: string }
  | { readonly runnable: false; readonly reason: string };

/**
 * Picks a variant a `targetSku` host can run with process isolation (Windows, amd64, a build the host
 * accepts). Without one the plan stops with IMAGE_INCOMPATIBLE before any workload is touched: a pod
 * whose image has no matching variant fails to start on the new pool.
 */
export function hasRunnableVariant(
  targetSku: OsSku,
  variants: readonly ImageVariant[],
): VariantVerdict {
  const windows = variants.filter(
    (v) => v.os.toLowerCase() === 'windows' && (v.architecture ?? 'amd64') === 'amd64',
  );
  if (windows.length === 0)
    return { runnable: false, reason: 'the image has no Windows amd64 variant' };
  const match = windows.find(
    (v) => v.osVersion !== undefined && hostCanRun(targetSku, v.osVersion),
  );
  if (match?.osVersion !== undefined) {
    return {
      runnable: true,
      osVersion: match.osVersion,
      reason: `variant ${match.osVersion} runs on ${targetSku}`,
    };
  }
  const described = windows.map((v) => {
    if (v.osVersion === undefined) return 'a variant without os.version';
    const sku = osSkuOfBuild(v.osVersion);
    return sku === undefined ? v.osVersion : `${v.osVersion} (${sku})`;
  });
  return {
    runnable: false,
    reason: `no variant runs on ${targetSku}: the image has ${described.join(', ')}`,
  };
}
