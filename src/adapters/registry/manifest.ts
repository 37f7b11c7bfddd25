/**
 * OCI / Docker distribution manifests in winshift's terms: which platforms an image offers. An image
 * index (OCI) or manifest list (Docker) names each variant's `platform` (Windows ones with
 * `os.version`); a single-platform manifest says nothing itself, its config blob carries `os`,
 * `os.version` and `architecture`.
 */
import type { ImageVariant } from '../../domain/image-variants.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** What winshift accepts, indexes first so a multi-platform tag answers with its index. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

export type ParsedManifest =
  | { readonly kind: 'index'; readonly variants: readonly ImageVariant[] }
  | { readonly kind: 'manifest'; readonly configDigest: string }
  | { readonly kind: 'unsupported'; readonly mediaType: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/**
 * A registry's answers end up in plans and messages: only values of the expected shape are kept
 * (ADR 0012), anything else counts as absent.
 */
const shaped =
  (pattern: RegExp) =>
  (v: unknown): string | undefined => {
    const value = text(v);
    return value !== undefined && pattern.test(value) ? value : undefined;
  };
const platformWord = shaped(/^[a-z0-9][a-z0-9._-]{0,31}$/i);
const osBuild = shaped(/^\d{1,5}(\.\d{1,10}){0,3}$/);
/** The OCI digest grammar (image-spec descriptor.md): it goes into the blob URL's path. */
const digestText = shaped(/^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{1,256}$/);
const mediaTypeText = shaped(/^[a-z0-9][\w.+-]{0,126}\/[\w.+-]{1,127}$/i);

/** A platform object (index entry `platform` or config blob) as a variant; undefined without `os`. */
export function variantOf(platform: unknown): ImageVariant | undefined {
  if (!isRecord(platform)) return undefined;
  const os = platformWord(platform['os']);
  if (os === undefined || os === 'unknown') return undefined; // attestation manifests say unknown
  const osVersion = osBuild(platform['os.version']);
  const architecture = platformWord(platform['architecture']);
  return {
    os,
    ...(osVersion !== undefined ? { osVersion } : {}),
    ...(architecture !== undefined ? { architecture } : {}),
  };
}

/** The variants of an index's `manifests` (entries without a platform are skipped). */
export function variantsOfIndex(body: unknown): ImageVariant[] {
  const manifests = isRecord(body) && Array.isArray(body['manifests']) ? body['manifests'] : [];
  return manifests.flatMap((entry: unknown) => {
    const variant = isRecord(entry) ? variantOf(entry['platform']) : undefined;
    return variant === undefined ? [] : [variant];
  });
}

/**
 * Classifies a manifest response by its media type (the Content-Type header, or the body's own
 * `mediaType`, which OCI makes optional).
 */
export function parseManifest(contentType: string | undefined, body: unknown): ParsedManifest {
  const declared = isRecord(body) ? text(body['mediaType']) : undefined;
  const mediaType =
    mediaTypeText((contentType ?? declared ?? '').split(';')[0]?.trim().toLowerCase()) ?? '';
  if (mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList) {
    return { kind: 'index', variants: variantsOfIndex(body) };
  }
  if (mediaType === MEDIA_TYPES.ociManifest || mediaType === MEDIA_TYPES.dockerManifest) {
    const config = isRecord(body) ? body['config'] : undefined;
    const digest = isRecord(config) ? digestText(config['digest']) : undefined;
    if (digest !== undefined) return { kind: 'manifest', configDigest: digest };
  }
  return { kind: 'unsupported', mediaType: mediaType || 'none or unrecognised' };
}
