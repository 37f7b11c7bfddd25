/**
 * RFC 6902 JSON Patch operations of the change winshift makes to a pod template, written from the
 * plan alone (no live object): what a repository commits where a tool takes JSON patches (a
 * Kustomize `patches:` entry with a `target`, a Flux HelmRelease post-renderer). Every path is one the
 * plan knows exists or knows is absent. Containers are addressed by the position they had when
 * planned, each guarded by a `test` of its name and old image, so a manifest that lists them in
 * another order, or already runs another image, fails the patch instead of changing the wrong one.
 */
import { canonicalJson } from './hash.js';
import type { ImageChange } from './plan.js';
import type { Placement } from './scheduling.js';

export type JsonPatchOp =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** A JSON Pointer token (RFC 6901): `~` as `~0`, `/` as `~1`. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const same = (a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Set, change or remove one member the plan knows the state of. */
function member(path: string, before: unknown, after: unknown): JsonPatchOp[] {
  if (same(before, after)) return [];
  if (after === undefined) return [{ op: 'remove', path }];
  return [{ op: before === undefined ? 'add' : 'replace', path, value: after }];
}

function nodeSelectorOps(pod: string, before: Placement, after: Placement): JsonPatchOp[] {
  const old = before.nodeSelector ?? {};
  const now = after.nodeSelector ?? {};
  if (Object.keys(old).length === 0 || Object.keys(now).length === 0)
    return member(`${pod}/nodeSelector`, before.nodeSelector, after.nodeSelector);
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
  return keys.flatMap((key) =>
    member(`${pod}/nodeSelector/${pointerToken(key)}`, old[key], now[key]),
  );
}

function affinityOps(pod: string, before: Placement, after: Placement): JsonPatchOp[] {
  const old = before.affinity?.nodeAffinity;
  const now = after.affinity?.nodeAffinity;
  if (same(old, now)) return [];
  // The whole affinity goes or comes when nodeAffinity was (or becomes) all of it.
  if (after.affinity === undefined || before.affinity === undefined)
    return member(`${pod}/affinity`, before.affinity, after.affinity);
  return member(`${pod}/affinity/nodeAffinity`, old, now);
}

function imageOps(pod: string, images: readonly ImageChange[]): JsonPatchOp[] {
  return images.flatMap((change) => {
    if (change.index === undefined) return [];
    const at = `${pod}/${change.init ? 'initContainers' : 'containers'}/${change.index}`;
    return [
      { op: 'test', path: `${at}/name`, value: change.container },
      { op: 'test', path: `${at}/image`, value: change.from },
      { op: 'replace', path: `${at}/image`, value: change.to },
    ];
  });
}

/**
 * The operations that turn a pod template placed as `before` (with its images before `images`) into
 * `after` with the new images. `pod` is the pod spec's pointer, e.g. `/spec/template/spec`.
 */
export function podTemplateJsonPatch(
  pod: string,
  before: Placement,
  after: Placement,
  images: readonly ImageChange[],
): JsonPatchOp[] {
  return [
    ...nodeSelectorOps(pod, before, after),
    ...affinityOps(pod, before, after),
    ...member(`${pod}/runtimeClassName`, before.runtimeClassName, after.runtimeClassName),
    ...imageOps(pod, images),
  ];
}
