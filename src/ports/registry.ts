/** What winshift needs from container registries: the OS variants an image reference offers. */
import type { ImageVariant } from '../domain/image-variants.js';

export interface ImageLookup {
  /** Windows/Linux variants: an index's `platform` entries or a single image's config `os.version`. */
  readonly variants: readonly ImageVariant[];
  /** The digest the reference resolved to. */
  readonly digest: string;
}

export interface RegistryPort {
  /** undefined when the registry says the image does not exist. Throws TRANSIENT/UNAUTHORIZED. */
  lookup(imageReference: string): Promise<ImageLookup | undefined>;
}
