/**
 * Workloads a GitOps tool or Helm manages (issue 12 item 4): the tool puts the old placement and
 * images back on its next sync unless its source changes. The plan warns, saying what to do, or, when
 * the request's `managedWorkloads` policy is `refuse`, turns each into a blocker (nothing changed).
 */
import { describeManager, type ManagedBy, type ManagedWorkloadsPolicy } from './managed-by.js';
import type { Blocker, PlannedWorkload, PlanWarning } from './plan.js';
import { workloadKey } from './workload-ref.js';

/** `-n apps payments` for `apps/payments`, `payments` without a namespace. */
function fluxArgs(name: string): string {
  const at = name.indexOf('/');
  return at < 0 ? name : `${name.slice(at + 1)} -n ${name.slice(0, at)}`;
}

/** How to keep each kind of manager from undoing the move while winshift runs. */
const HOLD_OFF: Readonly<Record<string, (m: ManagedBy) => string>> = {
  'Flux Kustomization': (m) =>
    `suspend it for the run (flux suspend kustomization ${fluxArgs(m.name)}), commit the patches, then resume it`,
  'Flux HelmRelease': (m) =>
    `suspend it for the run (flux suspend helmrelease ${fluxArgs(m.name)}) and put the change into its values or spec.postRenderers patches before resuming it`,
  'Argo CD application': (m) =>
    `turn off automated sync and self-heal of application ${m.name} for the run and commit the patches to its source`,
  'Helm release': (m) =>
    `put the change into the chart's values (or a post-renderer) before release ${m.name}'s next helm upgrade or rollback`,
  'Helm chart instance': () =>
    "put the change into the chart's values (or a post-renderer) before whatever applies the chart runs again",
};

function holdOff(managedBy: ManagedBy): string {
  const advice = HOLD_OFF[`${managedBy.tool} ${managedBy.kind}`];
  return advice ? advice(managedBy) : 'keep it from syncing for the run and commit the patches';
}

const managerText = (m: ManagedBy): string => `${describeManager(m)} (${m.marker})`;

/** The warning of one managed workload: what will happen, what to do, and what winshift checks. */
export function managedWarning(subject: string, managedBy: ManagedBy): PlanWarning {
  return {
    code: 'GITOPS_MANAGED',
    subject,
    message:
      `${subject} is managed by ${managerText(managedBy)}, which will put the old placement and images ` +
      `back on its next sync unless the repository changes: ${holdOff(managedBy)}. ` +
      'The patches are served by GET /api/plans/{id}/patches (winshift patches <id>): commit them once ' +
      'winshift has moved the workload, before approving. A revert is caught by the re-check right ' +
      "before the old pool's deletion (WORKLOAD_REVERTED): the run stops there and rolls back.",
  };
}

/** The blocker the `refuse` policy makes of the same finding: nothing is changed. */
export function managedBlocker(subject: string, managedBy: ManagedBy): Blocker {
  return {
    code: 'GITOPS_MANAGED',
    subject,
    message:
      `${subject} is managed by ${managerText(managedBy)}, which would put the old placement back on ` +
      "its next sync; the managedWorkloads policy is 'refuse', so nothing is changed. To move it, plan " +
      "with managedWorkloads 'allow' (the plan then warns and GET /api/plans/{id}/patches gives the " +
      `change to commit), or take the workload out of ${managedBy.tool}'s hands first.`,
  };
}

/** The plan's warnings (policy `allow`, the default) or blockers (`refuse`) for managed workloads. */
export function managedFindings(
  workloads: readonly PlannedWorkload[],
  policy: ManagedWorkloadsPolicy = 'allow',
): { readonly warnings: readonly PlanWarning[]; readonly blockers: readonly Blocker[] } {
  const managed = workloads.flatMap((w) =>
    w.managedBy ? [{ subject: workloadKey(w), managedBy: w.managedBy }] : [],
  );
  return policy === 'refuse'
    ? { warnings: [], blockers: managed.map((m) => managedBlocker(m.subject, m.managedBy)) }
    : { warnings: managed.map((m) => managedWarning(m.subject, m.managedBy)), blockers: [] };
}
