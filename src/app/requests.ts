/**
 * The requests winshift takes (zod), the one source of validation at every entry point (HTTP, the
 * fleet scan, Event Grid) and of the OpenAPI document. Every object is strict: an unknown field is an
 * error, so a misspelt option is never silently ignored. Checks JSON Schema cannot express (the image
 * map's references, the allow list) run after parsing, and report in the same `{ path, message }`
 * shape. What they produce is the orchestration's input contract (src/workflow/contracts), which
 * the compiler checks.
 */
import { z } from 'zod';
import { imageMapProblems } from '../domain/images.js';
import { MANAGED_WORKLOAD_POLICIES } from '../domain/managed-by.js';
import { POOL_NAME_MAX_LENGTH } from '../domain/naming.js';
import { OS_SKUS } from '../domain/os.js';
import { UPGRADE_STATES } from '../domain/upgrade-state.js';
import type { UpgradeRequest } from '../workflow/contracts/index.js';

/** A pattern matching `word` in any letter case (JSON Schema patterns carry no `i` flag). */
function anyCase(word: string): string {
  return [...word]
    .map((c) =>
      /[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c === '.' ? '\\.' : c,
    )
    .join('');
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** ARM: 1-90 of letters, digits, `_ - . ( )`, not ending in a period. */
const RESOURCE_GROUP = '[-\\w.()]{0,89}[-\\w()]';
/** AKS: 1-63 of letters, digits, `_ -`, starting and ending with a letter or digit. */
const CLUSTER_NAME = '[a-zA-Z0-9](?:[-\\w]{0,61}[a-zA-Z0-9])?';

export const CLUSTER_RESOURCE_ID = new RegExp(
  `^/${anyCase('subscriptions')}/(${GUID})/${anyCase('resourceGroups')}/(${RESOURCE_GROUP})` +
    `/${anyCase('providers')}/${anyCase('Microsoft.ContainerService')}/${anyCase('managedClusters')}` +
    `/(${CLUSTER_NAME})$`,
);

export const clusterResourceId = z
  .string()
  .max(400)
  .regex(CLUSTER_RESOURCE_ID, {
    error:
      'must be an AKS cluster resource id: /subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>',
  })
  .describe('ARM resource id of the AKS cluster (case-insensitive).');

/** The subscription GUID (lower case) of a valid cluster resource id. */
export function subscriptionOf(resourceId: string): string | undefined {
  return CLUSTER_RESOURCE_ID.exec(resourceId)?.[1]?.toLowerCase();
}

export const windowsPoolName = (what: string): z.ZodString =>
  z
    .string()
    .regex(new RegExp(`^[a-z][a-z0-9]{0,${POOL_NAME_MAX_LENGTH - 1}}$`), {
      error: `must be 1-${POOL_NAME_MAX_LENGTH} lowercase letters and digits, starting with a letter (AKS Windows pool names)`,
    })
    .describe(what);

const seconds = (min: number, max: number, what: string): z.ZodInt =>
  z
    .int({
      // One callback for the type check; the bounds below carry their own messages.
      error: (issue) =>
        issue.code === 'invalid_type' ? 'must be a whole number of seconds' : undefined,
    })
    .min(min, { error: `must be at least ${min} seconds` })
    .max(max, { error: `must be at most ${max} seconds` })
    .describe(what);

const IMAGE_REF_MAX = 512;

export const upgradeOptions = z
  .strictObject({
    targetOsSku: z
      .enum(OS_SKUS, { error: `must be one of ${OS_SKUS.join(', ')}` })
      .optional()
      .describe('Windows Server SKU of the new pool; default: the next newer one.'),
    newPoolName: windowsPoolName(
      'Name of the new pool; default: a free name such as w22a.',
    ).optional(),
    imageMap: z
      .record(z.string().min(1).max(IMAGE_REF_MAX), z.string().min(1).max(IMAGE_REF_MAX))
      .refine((map) => Object.keys(map).length <= 200, { error: 'at most 200 entries' })
      .default({})
      .describe(
        'Image replacements: a full reference maps to a reference, a repository prefix to a repository.',
      ),
    prePull: z.boolean().default(true).describe('Pull the new images onto the new pool first.'),
    drainTimeoutInSeconds: seconds(60, 86_400, 'How long draining the old pool may take.').default(
      1800,
    ),
    rolloutTimeoutInSeconds: seconds(
      60,
      86_400,
      'How long each workload rollout may take.',
    ).default(1800),
    autoApproveAfterSoakInSeconds: seconds(
      0,
      2_592_000,
      'Approve by itself after this soak; omitted: wait for POST .../approve.',
    ).optional(),
    approvalTimeoutInSeconds: seconds(
      60,
      2_592_000,
      'Roll back when not approved within this time.',
    ).default(604_800),
    deleteNewPoolOnRollback: z
      .boolean()
      .default(true)
      .describe('Delete the new pool when rolling back.'),
    dryRun: z.boolean().default(false).describe('Plan only; change nothing.'),
    managedWorkloads: z
      .enum(MANAGED_WORKLOAD_POLICIES, {
        error: `must be one of ${MANAGED_WORKLOAD_POLICIES.join(', ')}`,
      })
      .optional()
      .describe(
        "Workloads Flux, Argo CD or Helm manage (they would revert the move): 'allow' warns, 'refuse' blocks the plan; default: the WINSHIFT_MANAGED_WORKLOADS setting (allow).",
      ),
  })
  .describe('Upgrade options; every field has a default.') satisfies z.ZodType<
  UpgradeRequest['options']
>;

export const upgradeStartBody = z
  .strictObject({
    clusterResourceId,
    poolName: windowsPoolName('The Windows pool to replace.'),
    options: upgradeOptions.default(upgradeOptions.parse({})),
  })
  .describe('Start an upgrade of one Windows node pool.');

export const planBody = z
  .strictObject({
    clusterResourceId,
    poolName: windowsPoolName('The Windows pool to plan for.'),
    options: upgradeOptions
      .omit({ dryRun: true })
      .default(upgradeOptions.omit({ dryRun: true }).parse({})),
  })
  .describe('Plan an upgrade (a dry run): nothing is changed.');

/** A page size from 1 to `max` (a query parameter, so coerced from text), `fallback` when absent. */
export function pageSize(
  max: number,
  fallback: number,
  what: string,
): z.ZodDefault<z.ZodCoercedNumber<unknown>> {
  const range = `must be from 1 to ${max}`;
  return z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: range })
    .max(max, { error: range })
    .default(fallback)
    .describe(`${what} per page (1-${max}).`);
}

/** The service's continuation token of the previous page, passed back as it came. */
export const continuationToken = z
  .string()
  .min(1)
  .max(2048)
  .optional()
  .describe('From the previous page.');

export const listQuery = z
  .strictObject({
    status: z
      .enum(UPGRADE_STATES, { error: `must be one of ${UPGRADE_STATES.join(', ')}` })
      .optional()
      .describe('Only upgrades in this state.'),
    cluster: clusterResourceId.optional().describe('Only upgrades of this cluster.'),
    since: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' })
      .optional()
      .describe('Only upgrades started at or after this time.'),
    pageSize: pageSize(100, 20, 'Items'),
    continuationToken,
  })
  .describe('Filters and paging of GET /api/upgrades.');

/** Upgrade ids (`upg-` + 32 hex) and dry-run ids (`plan-` + 32 hex + `-` + a time stamp). */
export const INSTANCE_ID = /^(?:upg-[0-9a-f]{32}|plan-[0-9a-f]{32}-[0-9a-z]{1,12})$/;
export const instanceId = z
  .string()
  .regex(INSTANCE_ID, { error: 'is not a winshift upgrade or plan id (upg-<32 hex>)' })
  .describe('Upgrade id as returned by POST /api/upgrades.');

export const instanceParams = z.strictObject({ id: instanceId });

export const PATCH_FORMATS = ['yaml', 'json'] as const;

export const patchesQuery = z
  .strictObject({
    format: z
      .enum(PATCH_FORMATS, { error: `must be one of ${PATCH_FORMATS.join(', ')}` })
      .default('yaml')
      .describe(
        'yaml: one strategic merge patch document per workload (application/yaml); json: both forms per workload, strategic merge and RFC 6902 (application/json).',
      ),
    managed: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true')
      .describe('true: only the workloads Flux, Argo CD or Helm manage.'),
  })
  .describe('Query of GET /api/plans/{id}/patches.');

export const MAX_REASON = 500;

/** Why a person cancels or terminates a run: kept in its last error. */
const reasonText = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'is required: say why' : 'must be a string of text',
  })
  .trim()
  .min(1, { error: 'is empty' })
  .max(MAX_REASON, { error: `is longer than ${MAX_REASON} characters` });

export const cancelBody = z
  .strictObject({
    reason: reasonText
      .optional()
      .describe('Why: kept in the last error and the status (CANCELLED: <reason>).'),
  })
  .describe('Optional body of POST /api/upgrades/{id}/cancel (no body: no reason).');

export const terminateBody = z
  .strictObject({
    reason: reasonText.describe(
      'Why (1-500 characters): kept in the last error with what the run left (TERMINATED: <reason>; left: ...).',
    ),
  })
  .describe('Body of POST /api/upgrades/{id}/terminate: the reason is required.');

export type UpgradeStartBody = z.output<typeof upgradeStartBody>;
export type PlanBody = z.output<typeof planBody>;
export type ListQuery = z.output<typeof listQuery>;
export type PatchesQuery = z.output<typeof patchesQuery>;
export type CancelBody = z.output<typeof cancelBody>;
export type TerminateBody = z.output<typeof terminateBody>;

/** One field's problem: where (`options.newPoolName`, `` for the whole body) and what rule failed. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** zod's issues as field errors: unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: pathText([...path, key]),
        message: 'is not a known field',
      }));
    }
    return [{ path: pathText(path), message: issue.message }];
  });
}

/** Checks beyond the schema: the image map's references (domain rules). */
function imageMapErrors(map: Readonly<Record<string, string>>): FieldError[] {
  return imageMapProblems(map).map((message) => ({ path: 'options.imageMap', message }));
}

function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  extra: (value: z.output<S>) => FieldError[] = () => [],
): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  const errors = extra(result.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: result.data };
}

export function parseStartBody(input: unknown): Parsed<UpgradeStartBody> {
  return parseWith(upgradeStartBody, input, (body) => imageMapErrors(body.options.imageMap));
}

export function parsePlanBody(input: unknown): Parsed<PlanBody> {
  return parseWith(planBody, input, (body) => imageMapErrors(body.options.imageMap));
}

export function parseCancelBody(input: unknown): Parsed<CancelBody> {
  return parseWith(cancelBody, input);
}

export function parseTerminateBody(input: unknown): Parsed<TerminateBody> {
  return parseWith(terminateBody, input);
}

export function parseListQuery(input: unknown): Parsed<ListQuery> {
  return parseWith(listQuery, input);
}

export function parsePatchesQuery(input: unknown): Parsed<PatchesQuery> {
  return parseWith(patchesQuery, input);
}

/** A route's `{id}`, reported as the field `id`. */
export function parseInstanceId(input: unknown): Parsed<string> {
  const parsed = parseWith(instanceParams, { id: input });
  return parsed.ok ? { ok: true, value: parsed.value.id } : parsed;
}
