/**
 * The new pool's spec: every writable property of the old pool minus a short denylist (DESIGN step 1),
 * so settings AKS adds later are carried over without code changes; plus ownership tags, and the
 * "planned fields only" comparison used to adopt an existing pool after a crash.
 */
import { WinshiftError } from './errors.js';
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

/**
 * The tags naming the run that created the new pool: the pool's upgrade (instance), the run of it
 * (the instance id is the same for every run of a pool) and the plan. Only a pool whose tags name this
 * run is adopted or deleted: one left by an earlier run of the same pool is not this run's.
 */
export const OWNERSHIP_TAGS = {
  instance: 'winshift-instance',
  run: 'winshift-run',
  planHash: 'winshift-plan-hash',
} as const;

/** Who owns a new pool: the upgrade and the run of it. */
export interface PoolOwner {
  readonly instanceId: string;
  readonly runId: string;
}

/**
 * Azure Resource Manager's tag limits, which agent pools share: a tag name of at most 512 characters,
 * a value of at most 256, at most 50 name/value pairs on a resource
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
 */
export const TAG_LIMITS = { nameLength: 512, valueLength: 256, pairs: 50 } as const;

/** What breaks Azure's tag limits in `tags` (empty when nothing does). */
export function tagLimitProblems(tags: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(tags);
  if (entries.length > TAG_LIMITS.pairs)
    problems.push(`${entries.length} tags, more than the ${TAG_LIMITS.pairs} Azure allows`);
  for (const [name, value] of entries) {
    if (name.length > TAG_LIMITS.nameLength)
      problems.push(`tag name ${name.slice(0, 40)}... is longer than ${TAG_LIMITS.nameLength}`);
    if (value.length > TAG_LIMITS.valueLength)
      problems.push(`the value of tag ${name} is longer than ${TAG_LIMITS.valueLength}`);
  }
  return problems;
}

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
  for (const name of Object.values(OWNERSHIP_TAGS)) delete tags[name];
  if (spec['tags'] !== undefined || Object.keys(tags).length > 0) spec['tags'] = tags;
  return spec;
}

/**
 * The spec winshift PUTs: ownership tags let later steps adopt or delete only their own pool. A spec
 * whose tags would break Azure's limits is INVALID_INPUT here rather than a 400 from ARM.
 */
export function withOwnershipTags(
  spec: AgentPoolSpec,
  owner: PoolOwner,
  planHash: string,
): AgentPoolSpec {
  const tags: Record<string, string> = {
    ...(spec['tags'] as Record<string, string> | undefined),
    [OWNERSHIP_TAGS.instance]: owner.instanceId,
    [OWNERSHIP_TAGS.run]: owner.runId,
    [OWNERSHIP_TAGS.planHash]: planHash,
  };
  const problems = tagLimitProblems(tags);
  if (problems.length > 0)
    throw new WinshiftError('INVALID_INPUT', `the new pool's tags: ${problems.join('; ')}`);
  return { ...spec, tags };
}

/**
 * Whether an existing pool's tags say this run created it. A pool tagged by an older version (no run
 * tag) counts only for a run of an older starter, whose run id is its instance id.
 */
export function ownedBy(pool: AgentPoolSpec, owner: PoolOwner): boolean {
  const tags = pool['tags'] as Record<string, unknown> | undefined;
  if (tags?.[OWNERSHIP_TAGS.instance] !== owner.instanceId) return false;
  const run = tags[OWNERSHIP_TAGS.run];
  return run === undefined ? owner.runId === owner.instanceId : run === owner.runId;
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
 * tags name this run and its planned fields match; someone else's pool, or one an earlier run of the
 * same pool left, is POOL_EXISTS; ours with other settings is POOL_CONFLICT. Never modified or
 * deleted on a mismatch.
 */
export function decideExistingPool(
  planned: AgentPoolSpec,
  actual: AgentPoolSpec,
  owner: PoolOwner,
): ExistingPoolDecision {
  if (!ownedBy(actual, owner)) {
    return {
      action: 'conflict',
      code: 'POOL_EXISTS',
      reason: `the pool exists and its ${OWNERSHIP_TAGS.instance}/${OWNERSHIP_TAGS.run} tags do not name run ${owner.runId} of ${owner.instanceId}`,
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
