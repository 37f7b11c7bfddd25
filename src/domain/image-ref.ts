/**
 * Container image references, parsed by the distribution reference grammar so that a registry port
 * (`myreg:5000/app:ltsc2019`) is never mistaken for a tag and a digest is never rewritten as one.
 */
export interface ImageRef {
  /** Registry host (with port) when the reference names one, e.g. `myreg:5000`, `mcr.microsoft.com`. */
  readonly registry?: string;
  /** Path inside the registry, e.g. `windows/servercore`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>`: an immutable manifest; tags around it do not choose what is pulled. */
  readonly digest?: string;
}

export type ImageRefResult =
  { readonly ok: true; readonly ref: ImageRef } | { readonly ok: false; readonly reason: string };

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$/;

/** A first path component names a registry when it looks like a host (Docker's rule). */
function isRegistryComponent(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

function splitDigest(text: string): { name: string; digest?: string; problem?: string } {
  const at = text.indexOf('@');
  if (at < 0) return { name: text };
  const digest = text.slice(at + 1);
  if (!DIGEST.test(digest) || (digest.startsWith('sha256:') && digest.length !== 71)) {
    return { name: text.slice(0, at), problem: `"${digest}" is not a valid digest` };
  }
  return { name: text.slice(0, at), digest };
}

function splitTag(name: string): { path: string; tag?: string } {
  const colon = name.lastIndexOf(':');
  if (colon < 0 || colon < name.lastIndexOf('/')) return { path: name };
  return { path: name.slice(0, colon), tag: name.slice(colon + 1) };
}

/**
 * Parses an image reference as written in a pod spec. Docker Hub short names keep their short form
 * (no `docker.io/library/` is added) so that a rewritten reference differs only where winshift
 * changed it.
 */
export function parseImageRef(text: string): ImageRefResult {
  const { name, digest, problem } = splitDigest(text.trim());
  if (problem) return { ok: false, reason: problem };
  const { path, tag } = splitTag(name);
  if (tag !== undefined && !TAG.test(tag))
    return { ok: false, reason: `"${tag}" is not a valid tag` };
  const parts = path.split('/');
  const first = parts[0] ?? '';
  const registry = parts.length > 1 && isRegistryComponent(first) ? first : undefined;
  if (registry !== undefined && !HOST.test(registry)) {
    return { ok: false, reason: `"${registry}" is not a valid registry host` };
  }
  const components = registry === undefined ? parts : parts.slice(1);
  const bad = components.find((c) => !COMPONENT.test(c));
  if (bad !== undefined) {
    return { ok: false, reason: `"${bad}" is not a valid repository path component in "${text}"` };
  }
  return {
    ok: true,
    ref: {
      ...(registry !== undefined ? { registry } : {}),
      repository: components.join('/'),
      ...(tag !== undefined ? { tag } : {}),
      ...(digest !== undefined ? { digest } : {}),
    },
  };
}

/** `registry/repository`, the part a repository-prefix map entry matches. */
export function repositoryOf(ref: ImageRef): string {
  return ref.registry === undefined ? ref.repository : `${ref.registry}/${ref.repository}`;
}

/** The reference as text: `registry/repository[:tag][@digest]`. */
export function formatImageRef(ref: ImageRef): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
  const digest = ref.digest === undefined ? '' : `@${ref.digest}`;
  return `${repositoryOf(ref)}${tag}${digest}`;
}
