// Fake activities for the orchestrator tests, by their contract names: one scripted fake world per
// upgrade, a typed plain object that answers every activity and records every call so tests can
// check what was changed, and in which order. The replay harness calls its table directly; the
// integration tests register it with the local engine.
import { WinshiftError } from '../../../../src/domain/errors.js';
import {
  ACTIVITY,
  type ActivityName,
  type WorkloadBatchInput,
} from '../../../../src/workflow/contracts/index.js';
import { answers, FakeWorld } from './fake-answers.js';

export type { Call, Scenario } from './scenario.js';

export type FakeActivity = (input: Record<string, unknown>) => unknown;

/** One upgrade's fake world, answering as its scenario says. */
export class FakeUpgrade extends FakeWorld {
  /** The activity table: each activity's fake, bound to this world. */
  activities(): Record<ActivityName, FakeActivity> {
    const names = Object.keys(answers) as ActivityName[];
    return Object.fromEntries(
      names.map((name) => [name, (input: Record<string, unknown>) => this.answer(name, input)]),
    ) as Record<ActivityName, FakeActivity>;
  }

  /** Virtual time a call takes: `slow`, and `slowPatchMs` for the patch chunks that succeed. */
  durationInMs(name: string, input: unknown): number {
    const slow = this.scenario.slow?.[name as ActivityName];
    if (slow !== undefined) return slow;
    if (name !== ACTIVITY.patchWorkloads || patchFails(this, input)) return 0;
    return this.scenario.slowPatchMs ?? 0;
  }

  /** One call: recorded, then failed or answered as the scenario says. */
  answer(name: ActivityName, input: Record<string, unknown>): unknown {
    this.calls.push({ name, input });
    const failing = this.scenario.fail?.[name];
    if (failing) throw new WinshiftError(failing, `${name} failed on purpose`);
    if (this.count(name) <= (this.scenario.busy?.[name] ?? 0)) {
      throw new WinshiftError(
        'CLUSTER_OPERATION_IN_PROGRESS',
        `${name} attempt ${this.count(name)}: HTTP 409 OperationNotAllowed: Operation is not allowed: Another agentpool operation (w22x - Updating) is in progress`,
      );
    }
    const transient = this.scenario.transient?.[name] ?? 0;
    if (this.count(name) <= transient) {
      throw new WinshiftError('TRANSIENT', `${name} attempt ${this.count(name)}: 503 from the API`);
    }
    if (name === ACTIVITY.patchWorkloads && patchFails(this, input)) {
      throw new WinshiftError(
        'PROTECTED_WORKLOAD',
        `${this.scenario.patchFailsFor} is managed by an add-on`,
      );
    }
    const malformed = this.scenario.malformed;
    if (malformed && name in malformed) return malformed[name];
    return answers[name](this, input);
  }

  /** Activity names in call order, with `cordonPool(false)` and `deletePool(target)` spelled out. */
  sequence(): string[] {
    return this.calls.map((c) => {
      if (c.name === ACTIVITY.cordonPool) {
        const pool = c.input.pool === 'target' ? ', target' : '';
        return `cordonPool(${String(c.input.unschedulable)}${pool})`;
      }
      if (c.name === ACTIVITY.deletePool || c.name === ACTIVITY.poolStatus)
        return `${c.name}(${String(c.input.pool)})`;
      return c.name;
    });
  }
}

function patchFails(fake: FakeWorld, input: unknown): boolean {
  const failsFor = fake.scenario.patchFailsFor;
  const { workloads } = input as WorkloadBatchInput;
  return failsFor !== undefined && workloads.some((w) => w.name === failsFor);
}

/** The states an upgrade that completes records, in order. */
export const COMPLETED_RUN_STATES = [
  'Planning',
  'Running',
  'AwaitingApproval',
  'Running',
  'Completed',
] as const;

/** The recorded upgrade states, in order. */
export function recordedStates(fake: FakeUpgrade): string[] {
  return fake.calls.filter((c) => c.name === 'recordUpgrade').map((c) => String(c.input.state));
}

const UNDO = new Set([
  'cordonPool(false)',
  'cordonPool(true, target)',
  'restoreWorkloads',
  'stopPrePull',
  'deletePool(target)',
]);

/** What the rollback did, in order (repeated calls of one action counted once). */
export function undoSequence(fake: FakeUpgrade): string[] {
  const start = fake.calls.findIndex(
    (c) => c.name === 'recordUpgrade' && c.input.state === 'RollingBack',
  );
  if (start < 0) return [];
  const names = fake
    .sequence()
    .slice(start)
    .filter((n) => UNDO.has(n));
  return names.filter((n, i) => names[i - 1] !== n);
}
