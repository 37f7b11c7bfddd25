/**
 * RegistryPort: the platforms an image reference offers, read from the registry with the
 * distribution API. Anonymous first (MCR and other public registries); a 401 with a Bearer
 * challenge gets a pull token (auth.ts) and one more try. Nothing is pulled but manifests and, for
 * a single-platform image, its small config blob. The registry is named by a workload: its host,
 * realm, redirects and addresses are checked first (ADR 0012) and a refusal is REGISTRY_REFUSED.
 */
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import { WinshiftError } from '../../domain/errors.js';
import { parseImageRef, type ImageRef } from '../../domain/image-ref.js';
import { registryHostProblem } from '../../domain/registry-policy.js';
import type { ImageVariant } from '../../domain/image-variants.js';
import type { ImageLookup, RegistryPort } from '../../ports/registry.js';
import { createTokenSource, type TokenSource } from './auth.js';
import { parseBearerChallenge } from './challenge.js';
import { createRegistryAgent, type RegistryConnectionOptions } from './connection.js';
import { registryError, responseError } from './errors.js';
import {
  createRegistrySend,
  type RegistryHttpOptions,
  type RegistryResponse,
  type RegistrySend,
} from './http.js';
import { MANIFEST_ACCEPT, parseManifest, variantOf } from './manifest.js';

/** Where a reference is pulled from: Docker Hub's short names resolve as docker does. */
export interface RegistryLocation {
  readonly host: string;
  readonly repository: string;
  /** A digest or a tag (`latest` when the reference names neither). */
  readonly reference: string;
}

const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function locate(ref: ImageRef): RegistryLocation {
  const reference = ref.digest ?? ref.tag ?? 'latest';
  if (ref.registry === undefined || DOCKER_HUB_NAMES.has(ref.registry.toLowerCase())) {
    const repository = ref.repository.includes('/') ? ref.repository : `library/${ref.repository}`;
    return { host: 'registry-1.docker.io', repository, reference };
  }
  return { host: ref.registry, repository: ref.repository, reference };
}

function json(response: RegistryResponse, what: string): unknown {
  try {
    return JSON.parse(response.bodyText);
  } catch {
    throw new WinshiftError('IMAGE_UNRESOLVED', `${what} is not JSON`);
  }
}

/** A digest the registry may declare (anything else is recomputed from the bytes). */
const DIGEST = /^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/;

/** Registry pull tokens live about an hour (ACR: 75 minutes); reuse one well inside that. */
const TOKEN_REUSE_IN_MS = 5 * 60 * 1000;

function withToken(accept: string, token: string | undefined): Record<string, string> {
  return token === undefined ? { accept } : { accept, authorization: `Bearer ${token}` };
}

export interface RegistryAdapterOptions extends RegistryHttpOptions, RegistryConnectionOptions {
  /** For ACR's Entra token exchange (the same credential as every other client). */
  readonly credential: TokenCredential;
}

class RegistryAdapter implements RegistryPort {
  readonly #send: RegistrySend;
  readonly #tokens: TokenSource;
  readonly #cache = new Map<string, { readonly token: string; readonly until: number }>();

  constructor(options: RegistryAdapterOptions) {
    this.#send = createRegistrySend(createRegistryAgent(options), options);
    this.#tokens = createTokenSource(this.#send, options.credential);
  }

  async lookup(imageReference: string): Promise<ImageLookup | undefined> {
    const parsed = parseImageRef(imageReference);
    if (!parsed.ok)
      throw new WinshiftError('INVALID_INPUT', `image ${imageReference}: ${parsed.reason}`);
    const at = locate(parsed.ref);
    const refused = registryHostProblem(at.host);
    if (refused !== undefined)
      throw new WinshiftError('REGISTRY_REFUSED', `registry ${at.host}: ${refused}`);
    try {
      return await this.#lookup(at, imageReference);
    } catch (error) {
      // A connection that failed, a credential with no token: classified by the same table.
      throw registryError(error, `lookup of ${imageReference}`);
    }
  }

  async #lookup(at: RegistryLocation, imageReference: string): Promise<ImageLookup | undefined> {
    const base = `https://${at.host}/v2/${at.repository}`;
    const what = `manifest of ${imageReference}`;
    const { response, token } = await this.#get(
      at,
      `${base}/manifests/${at.reference}`,
      MANIFEST_ACCEPT,
    );
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw responseError(response, what);
    const manifest = parseManifest(response.headers.get('content-type'), json(response, what));
    const declared = response.headers.get('docker-content-digest') ?? '';
    const digest = DIGEST.test(declared)
      ? declared
      : `sha256:${createHash('sha256').update(response.bodyText).digest('hex')}`;
    if (manifest.kind === 'index') return { variants: manifest.variants, digest };
    if (manifest.kind === 'unsupported') {
      throw new WinshiftError('IMAGE_UNRESOLVED', `${what} has media type ${manifest.mediaType}`);
    }
    const variant = await this.#configVariant(
      at,
      `${base}/blobs/${manifest.configDigest}`,
      token,
      imageReference,
    );
    return { variants: variant === undefined ? [] : [variant], digest };
  }

  async #configVariant(
    at: RegistryLocation,
    url: string,
    token: string | undefined,
    imageReference: string,
  ): Promise<ImageVariant | undefined> {
    // Redirects (blob storage behind ACR, MCR, Docker Hub) are followed by the send, without the
    // registry's token on another host.
    const response = await this.#send(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (response.status !== 200)
      throw responseError(response, `config of ${imageReference} (${at.host})`);
    return variantOf(json(response, `config of ${imageReference}`));
  }

  /**
   * GET with a cached pull token for the repository, else anonymously; a 401 with a Bearer challenge
   * gets a fresh pull token (kept for a few minutes: a plan looks up many tags of one repository).
   */
  async #get(
    at: RegistryLocation,
    url: string,
    accept: string,
  ): Promise<{ response: RegistryResponse; token?: string }> {
    const key = `${at.host.toLowerCase()}/${at.repository}`;
    const cached = this.#cache.get(key);
    const cachedToken =
      cached !== undefined && cached.until > Date.now() ? cached.token : undefined;
    const first = await this.#send(url, { headers: withToken(accept, cachedToken) });
    if (first.status !== 401)
      return { response: first, ...(cachedToken ? { token: cachedToken } : {}) };
    this.#cache.delete(key);
    const challenge = parseBearerChallenge(first.headers.get('www-authenticate'));
    if (challenge === undefined) throw responseError(first, at.host);
    const token = await this.#tokens.pullToken(at.host, at.repository, challenge);
    this.#cache.set(key, { token, until: Date.now() + TOKEN_REUSE_IN_MS });
    const response = await this.#send(url, { headers: withToken(accept, token) });
    return { response, token };
  }
}

export function createRegistryAdapter(options: RegistryAdapterOptions): RegistryPort {
  return new RegistryAdapter(options);
}
