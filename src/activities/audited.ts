/**
 * The upgrade's activity table with every write audited (docs/adr/0014): each invocation gets its
 * ports wrapped by the auditing decorator (shared/audited-ports.ts) under the run id and instance
 * id its input names (a PlanRef's `runId`; planning's and recording's `request.runId`), so the
 * audit of a run lists every write any of its activities made. Built once by src/composition.ts.
 */
import type { AuditLog } from '../ports/audit.js';
import { ACTIVITY, type ActivityName } from '../workflow/contracts/index.js';
import { createActivities, type ActivityHandler, type UpgradeActivityDeps } from './index.js';
import { auditedDeps, type AuditScope } from './shared/audited-ports.js';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The run an activity's input belongs to; undefined when it names none (the contract refuses it). */
export function auditScopeOf(activity: string, input: unknown): AuditScope | undefined {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as {
    instanceId?: unknown;
    runId?: unknown;
    request?: { runId?: unknown };
  };
  const instanceId = text(fields.instanceId);
  if (instanceId === undefined) return undefined;
  const runId = text(fields.runId) ?? text(fields.request?.runId) ?? instanceId;
  return { runId, instanceId, activity };
}

export function createAuditedActivities(
  deps: UpgradeActivityDeps & { readonly audit: AuditLog },
): Record<ActivityName, ActivityHandler> {
  const plain = createActivities(deps);
  const names = Object.values(ACTIVITY) as ActivityName[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      (input: unknown): Promise<unknown> => {
        const scope = auditScopeOf(name, input);
        if (scope === undefined) return plain[name](input);
        return createActivities(auditedDeps(deps, deps.audit, scope))[name](input);
      },
    ]),
  ) as Record<ActivityName, ActivityHandler>;
}
