/**
 * What a run has done and not undone, in a line, from its custom status (the StatusBoard of
 * src/workflow/status.ts): what a person must clean up after terminating it. The step details it
 * reads for counts are the ones src/workflow/steps-workloads.ts and rollback.ts write; when a detail
 * says no count, the line says the step ran without one.
 */
import { upgradeStatus, type StepName, type UpgradeStatus } from '../workflow/contracts/index.js';

type Step = UpgradeStatus['steps'][number];

const BEGUN = new Set(['running', 'succeeded', 'failed', 'stopped']);

/** `5/8 patched`, `5 patched in 2 waves, ...` -> 5; `8 workloads` (not one patched yet) -> up to 8. */
function patchedCount(detail: string | undefined): string {
  const done = /^(\d+)(?:\/\d+)? patched/.exec(detail ?? '');
  if (done) return `${done[1]} workloads patched`;
  const planned = /^(\d+) workloads$/.exec(detail ?? '');
  return planned ? `up to ${planned[1]} workloads patched` : 'workloads patched';
}

interface View {
  readonly begun: (name: StepName) => boolean;
  readonly done: (name: StepName) => boolean;
  readonly detail: (name: StepName) => string | undefined;
  readonly target: string;
  readonly source: string;
}

/** One line per thing a step leaves, in workflow order; undefined when the step left nothing. */
const RULES: readonly ((v: View) => string | undefined)[] = [
  (v) =>
    v.done('createPool')
      ? `new pool ${v.target} exists`
      : v.begun('createPool')
        ? `new pool ${v.target} requested (it may exist)`
        : undefined,
  (v) =>
    v.begun('copyIdentities')
      ? `identities ${v.done('copyIdentities') ? '' : 'partly '}copied to ${v.target}`
      : undefined,
  (v) =>
    v.begun('prePull') && !v.begun('rollout') ? `pre-pull DaemonSets on ${v.target}` : undefined,
  (v) => (v.begun('patchWorkloads') ? patchedCount(v.detail('patchWorkloads')) : undefined),
  (v) =>
    v.begun('cordon')
      ? `old pool ${v.source} ${v.done('cordon') ? '' : 'partly '}cordoned`
      : undefined,
  (v) =>
    v.done('drain')
      ? `old pool ${v.source} drained, DaemonSets narrowed to ${v.target}`
      : v.begun('drain')
        ? `old pool ${v.source} partly drained`
        : undefined,
  (v) => (v.begun('deleteOldPool') ? `old pool ${v.source} being deleted` : undefined),
  (v) => {
    if (!v.begun('rollback') || v.done('rollback')) return undefined;
    const detail = v.detail('rollback');
    return `rollback cut short${detail ? ` (${detail})` : ''}`;
  },
];

function viewOf(status: UpgradeStatus): View {
  const step = (name: StepName): Step | undefined => status.steps.find((s) => s.name === name);
  return {
    begun: (name) => BEGUN.has(step(name)?.state ?? 'pending'),
    done: (name) => step(name)?.state === 'succeeded',
    detail: (name) => step(name)?.detail,
    target: status.targetPool ?? 'the new pool',
    source: status.sourcePool,
  };
}

/** E.g. `new pool w22a exists, 3 workloads patched, old pool win19 cordoned`. */
export function leftBehind(customStatus: unknown): string {
  const parsed = upgradeStatus.safeParse(customStatus);
  if (!parsed.success) return 'unknown (the run had published no status)';
  const view = viewOf(parsed.data);
  const found = RULES.map((rule) => rule(view)).filter((line) => line !== undefined);
  return found.length > 0 ? found.join(', ') : 'nothing changed yet';
}
