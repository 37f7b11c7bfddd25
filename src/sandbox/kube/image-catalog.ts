/** One platform variant of an image, as a registry describes it. */
export interface ImageVariant {
  readonly os: 'windows' | 'linux';
  /** Windows: `10.0.<build>[.<revision>]` (platform.os.version / config os.version); Linux: omitted. */
  readonly osVersion?: string;
  readonly sizeBytes: number;
}

/**
 * What the simulated nodes know about images: the registry part of the sandbox provides it. A
 * reference with one variant is a single-platform image; with several, a multi-platform index.
 * `undefined` means the registry does not know the reference (a real pull gets "not found").
 */
export interface ImageCatalog {
  lookup(imageRef: string): Promise<readonly ImageVariant[] | undefined>;
}

/** `name` -> `name:latest`; references with a tag or digest stay as they are. */
export function normalizeImageRef(imageRef: string): string {
  if (imageRef.includes('@')) return imageRef;
  const lastSlash = imageRef.lastIndexOf('/');
  return imageRef.slice(lastSlash + 1).includes(':') ? imageRef : `${imageRef}:latest`;
}

/** An in-memory catalogue (tests, scenarios without a registry). */
export class InMemoryImageCatalog implements ImageCatalog {
  private readonly images = new Map<string, readonly ImageVariant[]>();

  constructor(entries: Readonly<Record<string, readonly ImageVariant[]>> = {}) {
    for (const [ref, variants] of Object.entries(entries)) this.set(ref, variants);
  }

  set(imageRef: string, variants: readonly ImageVariant[]): void {
    this.images.set(normalizeImageRef(imageRef), variants);
  }

  lookup(imageRef: string): Promise<readonly ImageVariant[] | undefined> {
    return Promise.resolve(this.images.get(normalizeImageRef(imageRef)));
  }
}
