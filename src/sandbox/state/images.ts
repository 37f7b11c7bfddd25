import { createHash } from 'node:crypto';
import type { ImageSpec, RegistrySpec } from './scenario.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  windowsForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
} as const;

/** One platform of an image, as a node agent needs it. */
export interface ImageVariant {
  readonly os: 'windows' | 'linux';
  readonly osVersion?: string | undefined;
  readonly architecture: string;
  readonly sizeBytes: number;
  /** Digest of this platform's manifest. */
  readonly digest: string;
}

/** Bytes the registry serves, by content type. */
export interface StoredContent {
  readonly mediaType: string;
  readonly body: Buffer;
  readonly digest: string;
}

export interface RegistryContent {
  readonly host: string;
  readonly auth: RegistrySpec['auth'];
  /** The ACR's ARM id, when the scenario gives one (Registries_List / Registries_Get). */
  readonly resourceId?: string | undefined;
  readonly roleAssignmentMode: NonNullable<RegistrySpec['roleAssignmentMode']>;
  readonly azureADAuthenticationAsArmPolicy: NonNullable<
    RegistrySpec['azureADAuthenticationAsArmPolicy']
  >;
  /** The switch "a registry realm on another host": where its challenge sends clients for tokens. */
  readonly realmHost?: string | undefined;
  /** Keys `repo:tag` and `repo@sha256:...`. */
  readonly manifests: Map<string, StoredContent>;
  /** Keys `repo@sha256:...`. */
  readonly blobs: Map<string, StoredContent>;
  /** Keys `repo:tag` and `repo@digest` (of the top manifest). */
  readonly variants: Map<string, readonly ImageVariant[]>;
}

function stored(mediaType: string, value: unknown): StoredContent {
  const body = Buffer.from(JSON.stringify(value));
  return { mediaType, body, digest: `sha256:${createHash('sha256').update(body).digest('hex')}` };
}

function addImage(content: RegistryContent, image: ImageSpec): void {
  const repo = image.repository;
  const variants: ImageVariant[] = [];
  const children: { manifest: StoredContent; variant: ImageVariant }[] = [];
  for (const spec of image.variants) {
    const architecture = spec.architecture ?? 'amd64';
    const config = stored(MEDIA.dockerConfig, {
      architecture,
      os: spec.os,
      ...(spec.osVersion ? { 'os.version': spec.osVersion } : {}),
      config: {},
      rootfs: {
        type: 'layers',
        diff_ids: [
          `sha256:${createHash('sha256')
            .update(`${repo}:${image.tag}:${spec.osVersion ?? spec.os}`)
            .digest('hex')}`,
        ],
      },
    });
    const layerDigest = `sha256:${createHash('sha256').update(`layer:${config.digest}`).digest('hex')}`;
    const manifest = stored(MEDIA.dockerManifest, {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: MEDIA.dockerConfig, size: config.body.length, digest: config.digest },
      layers: [
        {
          mediaType: spec.os === 'windows' ? MEDIA.windowsForeignLayer : MEDIA.dockerLayer,
          size: spec.sizeBytes,
          digest: layerDigest,
        },
      ],
    });
    content.blobs.set(`${repo}@${config.digest}`, config);
    content.manifests.set(`${repo}@${manifest.digest}`, manifest);
    const variant = {
      os: spec.os,
      osVersion: spec.osVersion,
      architecture,
      sizeBytes: spec.sizeBytes,
      digest: manifest.digest,
    };
    variants.push(variant);
    children.push({ manifest, variant });
  }
  const indexType = image.indexFormat === 'docker' ? MEDIA.dockerManifestList : MEDIA.ociIndex;
  const top =
    children.length === 1 && children[0]
      ? children[0].manifest
      : stored(indexType, {
          schemaVersion: 2,
          mediaType: indexType,
          manifests: children.map(({ manifest, variant }) => ({
            mediaType: manifest.mediaType,
            size: manifest.body.length,
            digest: manifest.digest,
            platform: {
              architecture: variant.architecture,
              os: variant.os,
              ...(variant.osVersion ? { 'os.version': variant.osVersion } : {}),
            },
          })),
        });
  content.manifests.set(`${repo}:${image.tag}`, top);
  content.manifests.set(`${repo}@${top.digest}`, top);
  content.variants.set(`${repo}:${image.tag}`, variants);
  content.variants.set(`${repo}@${top.digest}`, variants);
}

/** Registries' served content built from the scenario; digests are real sha256 of the served bytes. */
export function buildRegistries(registries: readonly RegistrySpec[]): Map<string, RegistryContent> {
  const result = new Map<string, RegistryContent>();
  for (const registry of registries) {
    const content: RegistryContent = {
      host: registry.host.toLowerCase(),
      auth: registry.auth,
      resourceId: registry.resourceId,
      roleAssignmentMode: registry.roleAssignmentMode ?? 'LegacyRegistryPermissions',
      azureADAuthenticationAsArmPolicy: registry.azureADAuthenticationAsArmPolicy ?? 'enabled',
      realmHost: registry.realmHost?.toLowerCase(),
      manifests: new Map(),
      blobs: new Map(),
      variants: new Map(),
    };
    for (const image of registry.images) addImage(content, image);
    result.set(content.host, content);
  }
  return result;
}

/** `host/repo[:tag][@digest]` split; references without a registry host go to docker.io. */
export function parseImageRef(imageRef: string): {
  host: string;
  repository: string;
  reference: string;
} {
  const [namePart = '', digest] = imageRef.split('@');
  const slash = namePart.indexOf('/');
  const first = slash < 0 ? '' : namePart.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const host = hasHost ? first.toLowerCase() : 'docker.io';
  let path = hasHost ? namePart.slice(slash + 1) : namePart;
  let tag = 'latest';
  const colon = path.lastIndexOf(':');
  if (colon > 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  return { host, repository: path, reference: digest ? `@${digest}` : `:${tag}` };
}

/** Finds the platforms of an image reference; undefined when the registry or image is unknown. */
export type ImageLookup = (imageRef: string) => readonly ImageVariant[] | undefined;

export function createImageLookup(registries: ReadonlyMap<string, RegistryContent>): ImageLookup {
  return (imageRef) => {
    const ref = parseImageRef(imageRef);
    return registries.get(ref.host)?.variants.get(`${ref.repository}${ref.reference}`);
  };
}
