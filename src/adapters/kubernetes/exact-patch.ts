/**
 * The JSON Patch (RFC 6902) that sets a workload's fields to exactly the given values, computed from
 * the object as read. Every change replaces a whole field and is preceded by a `test` of the value it
 * replaces, so a concurrent change makes the patch fail (422) instead of being overwritten, and
 * nothing is merged: a strategic merge patch's `null` on 1.20 leaves `affinity: {}` behind, or a key
 * with an empty string where the map was absent (kubernetes/kubernetes#105689), a DaemonSet with an
 * `os-sku: ""` selector then runs no pod at all. Pure: the caller reads and sends.
 */
import { canonicalJson } from '../../domain/hash.js';
import type { ExactWorkloadFields } from '../../ports/kubernetes.js';

export type JsonPatchOperation =
  | { readonly op: 'test' | 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

type Json = Readonly<Record<string, unknown>>;

/** A JSON Pointer (RFC 6901) from its unescaped segments. */
export function jsonPointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const record = (v: unknown): Json | undefined => (isRecord(v) ? v : undefined);
const same = (a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);
const emptyToUndefined = (v: Json | undefined): Json | undefined =>
  v === undefined || Object.keys(v).length === 0 ? undefined : v;

/** `path` from `current` to `desired` (undefined: absent); the parent must exist. */
function setField(
  ops: JsonPatchOperation[],
  path: string,
  current: unknown,
  desired: unknown,
): void {
  if (same(current, desired) && (current === undefined) === (desired === undefined)) return;
  if (current === undefined) {
    ops.push({ op: 'add', path, value: desired });
    return;
  }
  ops.push({ op: 'test', path, value: current });
  ops.push(
    desired === undefined ? { op: 'remove', path } : { op: 'replace', path, value: desired },
  );
}

/** Where the pod template sits: `spec.template`, a CronJob's `spec.jobTemplate.spec.template`. */
export type TemplatePath = readonly string[];
export const POD_TEMPLATE: TemplatePath = ['spec', 'template'];
export const CRONJOB_POD_TEMPLATE: TemplatePath = ['spec', 'jobTemplate', 'spec', 'template'];

function setImages(
  ops: JsonPatchOperation[],
  template: TemplatePath,
  podSpec: Json,
  list: 'containers' | 'initContainers',
  images: Readonly<Record<string, string>> | undefined,
): void {
  const containers = Array.isArray(podSpec[list]) ? (podSpec[list] as unknown[]) : [];
  for (const [index, item] of containers.entries()) {
    const container = record(item);
    const name = container?.['name'];
    const wanted = typeof name === 'string' ? images?.[name] : undefined;
    if (wanted === undefined || container?.['image'] === wanted) continue;
    const base = jsonPointer(...template, 'spec', list, index);
    ops.push({ op: 'test', path: `${base}/name`, value: name });
    setField(ops, `${base}/image`, container?.['image'], wanted);
  }
}

function setPlacement(
  ops: JsonPatchOperation[],
  template: TemplatePath,
  podSpec: Json,
  fields: ExactWorkloadFields,
): void {
  const at = (field: string): string => jsonPointer(...template, 'spec', field);
  if (fields.nodeSelector !== undefined) {
    const desired = emptyToUndefined(fields.nodeSelector ?? undefined);
    setField(ops, at('nodeSelector'), podSpec['nodeSelector'], desired);
  }
  if (fields.nodeAffinity !== undefined) {
    // The whole affinity, so pod (anti-)affinity is kept and an affinity left empty goes with it.
    const current = record(podSpec['affinity']);
    const rest = Object.fromEntries(
      Object.entries(current ?? {}).filter(([k, v]) => k !== 'nodeAffinity' && v != null),
    );
    const nodeAffinity = emptyToUndefined((fields.nodeAffinity ?? undefined) as Json | undefined);
    const desired = emptyToUndefined(nodeAffinity ? { ...rest, nodeAffinity } : rest);
    setField(ops, at('affinity'), podSpec['affinity'], desired);
  }
  if (fields.runtimeClassName !== undefined)
    setField(
      ops,
      at('runtimeClassName'),
      podSpec['runtimeClassName'],
      fields.runtimeClassName ?? undefined,
    );
}

function setAnnotations(
  ops: JsonPatchOperation[],
  metadata: Json,
  fields: ExactWorkloadFields,
): void {
  const annotations = record(metadata['annotations']);
  const wanted = Object.entries(fields.annotations ?? {});
  if (annotations === undefined) {
    const added = Object.fromEntries(wanted.filter(([, v]) => v !== null));
    if (Object.keys(added).length > 0)
      ops.push({ op: 'add', path: jsonPointer('metadata', 'annotations'), value: added });
    return;
  }
  for (const [key, value] of wanted)
    setField(
      ops,
      jsonPointer('metadata', 'annotations', key),
      annotations[key],
      value ?? undefined,
    );
}

function setUpdateStrategy(ops: JsonPatchOperation[], spec: Json, type: string | undefined): void {
  if (type === undefined) return;
  const strategy = record(spec['updateStrategy']);
  if (strategy === undefined)
    setField(ops, jsonPointer('spec', 'updateStrategy'), undefined, { type });
  else setField(ops, jsonPointer('spec', 'updateStrategy', 'type'), strategy['type'], type);
}

/** The operations that make `object` (a workload as the API serves it) carry exactly `fields`. */
export function exactPatchOperations(
  object: unknown,
  fields: ExactWorkloadFields,
  template: TemplatePath = POD_TEMPLATE,
): JsonPatchOperation[] {
  const spec = record(record(object)?.['spec']) ?? {};
  const at = template.reduce<Json | undefined>((o, key) => record(o?.[key]), record(object));
  const podSpec = record(at?.['spec']) ?? {};
  const ops: JsonPatchOperation[] = [];
  setPlacement(ops, template, podSpec, fields);
  setImages(ops, template, podSpec, 'containers', fields.containers);
  setImages(ops, template, podSpec, 'initContainers', fields.initContainers);
  setUpdateStrategy(ops, spec, fields.updateStrategy);
  setAnnotations(ops, record(record(object)?.['metadata']) ?? {}, fields);
  return ops;
}
