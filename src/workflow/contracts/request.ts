/**
 * The upgrade orchestration's input: which pool, with which options, started by whom. The same zod
 * schemas validate a request at every entry point (src/app) and the input the orchestrator is given,
 * and document the HTTP API (OpenAPI). Every object is strict: a misspelt option is an error.
 */
import { z } from 'zod';
import { POOL_NAME_MAX_LENGTH } from '../../domain/naming.js';
import { OS_SKUS } from '../../domain/os.js';
import { STARTERS } from '../../domain/upgrade-state.js';
import { retryPolicy } from './shapes.js';

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
  })
  .describe('Upgrade options; every field has a default.');


/** Poll and retry pacing (durations may be fractional seconds). */
export const workflowTiming = z.strictObject({
  /** The first wait between two polls; later waits are a tenth of the time waited, up to the max. */
  pollInitialInSeconds: z.number().positive(),
  pollMaxInSeconds: z.number().positive(),
  /** New pool Succeeded with every node Ready (POOL_READY_TIMEOUT after this). */
  poolReadyTimeoutInSeconds: z.number().positive(),
  /** Pre-pull is an optimisation: past this the upgrade goes on without it. */
  prePullTimeoutInSeconds: z.number().positive(),
  /** The old pool's deletion is watched this long, then left to AKS. */
  poolDeleteTimeoutInSeconds: z.number().positive(),
  /** Transient activity failures only; the fields of durable-functions' RetryOptions. */
  retry: retryPolicy,
});
export type WorkflowTiming = z.output<typeof workflowTiming>;

/** The orchestration input (built and validated by the one start path, src/app). */
export const upgradeRequest = z.strictObject({
  clusterResourceId,
  poolName: windowsPoolName('The Windows pool to replace.'),
  options: upgradeOptions,
  startedBy: z.enum(STARTERS),
  /** Starters leave it out (defaults); tests and benchmarks shorten it. */
  timing: workflowTiming
    .omit({ retry: true })
    .partial()
    .extend({ retry: retryPolicy.partial().optional() })
    .optional(),
});
export type UpgradeRequest = z.output<typeof upgradeRequest>;
export type UpgradeOptionsInput = z.input<typeof upgradeOptions>;
