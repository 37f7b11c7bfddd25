/**
 * What the capacity preflight measures a new pool by: how many nodes AKS creates it with and how many
 * its autoscaler may grow it to, and the shape of a check's result.
 */
import type { Blocker, PlanWarning } from './plan.js';
import type { AgentPoolSpec } from './pool-spec.js';
import { PREFLIGHT_PERMISSIONS } from './preflight-facts.js';

export interface Findings {
  readonly blockers: readonly Blocker[];
  readonly warnings: readonly PlanWarning[];
}

export const NO_FINDINGS: Findings = { blockers: [], warnings: [] };

export function mergeFindings(...parts: readonly Findings[]): Findings {
  return {
    blockers: parts.flatMap((p) => p.blockers),
    warnings: parts.flatMap((p) => p.warnings),
  };
}

export interface NewPoolSize {
  /** Nodes the PUT creates: `count` (also under autoscaling, where AKS starts from it), else minCount. */
  readonly initial: number;
  /** Nodes it may reach: the autoscaler's maxCount, else `initial`. */
  readonly max: number;
}

const countOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

export function newPoolSize(spec: AgentPoolSpec): NewPoolSize {
  const initial = countOf(spec['count']) ?? countOf(spec['minCount']) ?? 0;
  const autoscaled = spec['enableAutoScaling'] === true;
  const maxCount = countOf(spec['maxCount']);
  return {
    initial,
    max: autoscaled && maxCount !== undefined ? Math.max(maxCount, initial) : initial,
  };
}

/** "3 nodes", "1 node". */
export function nodesText(count: number): string {
  return `${count} node${count === 1 ? '' : 's'}`;
}

/** The warning for a fact winshift could not read: what stays unchecked and the action it needs. */
export function unverified(
  what: string,
  reason: string,
  permission: keyof typeof PREFLIGHT_PERMISSIONS,
  subject: string,
): PlanWarning {
  return {
    code: 'PREFLIGHT_UNVERIFIED',
    subject,
    message: `${what} was not checked: ${reason}. winshift needs ${PREFLIGHT_PERMISSIONS[permission]} to check it before the new pool is created; the run may fail when AKS creates the pool`,
  };
}
