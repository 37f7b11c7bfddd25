/**
 * The new pool's spec: every writable property of the old pool minus a short denylist (DESIGN step 1),
 * so settings AKS adds later are carried over without code changes; plus ownership tags, and the
 * "planned fields only" comparison used to adopt an existing pool after a crash.
 */
import { canonicalJson } from './hash.js';
import { compareMinor, parseKubernetesVersion } from './kubernetes-version.js';
import type { OsSku } from './os.js';

/** Agent pool properties as plain JSON (the adapter flattens the SDK's AgentPool into this). */
export type AgentPoolSpec = Readonly<Record<string, unknown>>;

/** Identity, status and OS-image fields: read-only, or bound to the old OS. */
export const POOL_SPEC_DENYLIST: readonly string[] = [
  'id',
  'name',
  'type',
  'etag',
  'eTag',
  'systemData',
  'osSKU',
  'provisioningState',
  'powerState',
  'nodeImageVersion',
  'currentOrchestratorVersion',
  'status',
  'virtualMachineNodesStatus',
  // A snapshot pins the old OS image; the new pool must come from the target SKU's image.
  'creationData',
];

export const OWNERSHIP_TAGS = {
  instance: 'winshift-instance',
  planHash: 'winshift-plan-hash',
} as const;

export interface NewPoolSpecInput {
  readonly oldPool: AgentPoolSpec;
  readonly targetSku: OsSku;
  /** From the calendar: the target OS is offered only as a FIPS image. */
  readonly requiresFips: boolean;
  /** From the calendar: the lowest Kubernetes minor version the target OS supports. */
  readonly minKubernetes?: string;
  /** The cluster's control-plane version: the highest a pool may run. */
  readonly controlPlaneVersion: string;
}

function versionBelow(version: unknown, bound: string | undefined): boolean {
  const v = typeof version === 'string' ? parseKubernetesVersion(version) : undefined;
  const b = bound === undefined ? undefined : parseKubernetesVersion(bound);
  return v !== undefined && b !== undefined && compareMinor(v, b) < 0;
}

/**
 * Copies the old pool minus the denylist, sets the target `osSKU`, turns on FIPS when the OS needs it,
 * raises `orchestratorVersion` to the control plane's when the old one is too old for the target OS,
 * and drops any winshift tags the old pool carried (an earlier run's ownership is not this run's).
 */
export function newPoolSpec(input: NewPoolSpecInput): AgentPoolSpec {
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.oldPool)) {
    if (!POOL_SPEC_DENYLIST.includes(key) && value !== undefined) spec[key] = value;
  }
  spec['osSKU'] = input.targetSku;
  spec['osType'] = 'Windows';
  if (input.requiresFips) spec['enableFIPS'] = true;
  if (versionBelow(spec['orchestratorVersion'], input.minKubernetes)) {
    spec['orchestratorVersion'] = input.controlPlaneVersion;
  }
  const tags = { ...(spec['tags'] as Record<string, string> | undefined) };
  delete tags[OWNERSHIP_TAGS.instance];
  delete tags[OWNERSHIP_TAGS.planHash];
  if (spec['tags'] !== undefined || Object.keys(tags).length > 0) spec['tags'] = tags;
  return spec;
}

/** The spec winshift PUTs: ownership tags let later steps adopt or delete only their own pool. */
export function withOwnershipTags(
  spec: AgentPoolSpec,
  instanceId: string,
  planHash: string,
): AgentPoolSpec {
  const tags = { ...(spec['tags'] as Record<string, string> | undefined) };
  return {
    ...spec,
    tags: { ...tags, [OWNERSHIP_TAGS.instance]: instanceId, [OWNERSHIP_TAGS.planHash]: planHash },
  };
}

/** Whether an existing pool's tags say this orchestration instance created it. */
export function ownedBy(pool: AgentPoolSpec, instanceId: string): boolean {
  const tags = pool['tags'] as Record<string, unknown> | undefined;
  return tags?.[OWNERSHIP_TAGS.instance] === instanceId;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function sameValue(key: string, planned: unknown, actual: unknown): boolean {
  if (typeof planned === 'string' && typeof actual === 'string') {
    if (planned.startsWith('/subscriptions/'))
      return planned.toLowerCase() === actual.toLowerCase();
    // AKS accepts `1.30` and reports it back, or the full patch version: `1.30` matches `1.30.5`.
    if (key === 'orchestratorVersion')
      return actual === planned || actual.startsWith(`${planned}.`);
    return planned === actual;
  }
  if (
    Array.isArray(planned) &&
    Array.isArray(actual) &&
    planned.every((v) => typeof v !== 'object')
  ) {
    return (
      canonicalJson((planned as unknown[]).map(String).sort()) ===
      canonicalJson((actual as unknown[]).map(String).sort())
    );
  }
  return canonicalJson(planned) === canonicalJson(actual);
}

/**
 * Paths where `actual` differs from what winshift planned. Only planned fields count: AKS fills in
 * server-side defaults (upgradeSettings, kubeletDiskType, ...) that were never part of the plan.
 * `count` is ignored under autoscaling, where the autoscaler owns it.
 */
export function plannedFieldDifferences(
  planned: AgentPoolSpec,
  actual: AgentPoolSpec,
  prefix = '',
): string[] {
  const differences: string[] = [];
  for (const [key, value] of Object.entries(planned)) {
    if (value === undefined || (key === 'count' && planned['enableAutoScaling'] === true)) continue;
    const path = `${prefix}${key}`;
    const other = actual[key];
    if (isPlainObject(value) && isPlainObject(other))
      differences.push(...plannedFieldDifferences(value, other, `${path}.`));
    else if (!sameValue(key, value, other)) differences.push(path);
  }
  return differences;
}

export type ExistingPoolDecision =
  | { readonly action: 'adopt' }
  | {
      readonly action: 'conflict';
      readonly code: 'POOL_EXISTS' | 'POOL_CONFLICT';
      readonly reason: string;
    };

/**
 * A pool with the new pool's name already exists (a retried or resumed run): adopt it only when its
 * tags name this instance and its planned fields match; someone else's pool is POOL_EXISTS, ours with
 * other settings is POOL_CONFLICT. Never modified or deleted on a mismatch.
 */
export function decideExistingPool(
  planned: AgentPoolSpec,
  actual: AgentPoolSpec,
  instanceId: string,
): ExistingPoolDecision {
  if (!ownedBy(actual, instanceId)) {
    return {
      action: 'conflict',
      code: 'POOL_EXISTS',
      reason: `the pool exists and its ${OWNERSHIP_TAGS.instance} tag does not name ${instanceId}`,
    };
  }
  const differences = plannedFieldDifferences(planned, actual);
  if (differences.length > 0) {
    return {
      action: 'conflict',
      code: 'POOL_CONFLICT',
      reason: `the pool differs from the plan in: ${differences.join(', ')}`,
    };
  }
  return { action: 'adopt' };
}
