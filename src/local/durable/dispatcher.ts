import { dotnetExceptionDetails, runActivity } from './activities.js';
import type { EngineCore } from './engine-core.js';
import { EventType, event, type HistoryEvent } from './history.js';
import { ACTIVE_STATUSES, type LiveInstance } from './live-instance.js';
import type { InstanceRecord } from './store.js';

// setTimeout takes at most a signed 32-bit delay; longer timers re-arm.
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Turns scheduling events into running work: activities, timers and sub-orchestrations. */
export class Dispatcher {
  constructor(private readonly engine: EngineCore) {}

  async dispatch(inst: LiveInstance, events: HistoryEvent[]): Promise<void> {
    for (const e of events) {
      if (inst.completed.has(e.EventId)) continue;
      if (e.EventType === EventType.TaskScheduled) this.runActivity(inst, e);
      else if (e.EventType === EventType.TimerCreated) this.armTimer(inst, e);
      else if (e.EventType === EventType.SubOrchestrationInstanceCreated)
        await this.startChild(inst, e);
    }
  }

  private runActivity(inst: LiveInstance, scheduled: HistoryEvent): void {
    const instanceId = inst.record.instanceId;
    const executionId = inst.record.executionId;
    void this.engine.activities
      .run(() => runActivity(this.engine.core, scheduled.Name ?? '', scheduled.Input))
      .then((outcome) => {
        this.engine.options.afterActivity?.(scheduled.Name ?? '');
        this.engine.stats.activitiesRun += 1;
        const base = { TaskScheduledId: scheduled.EventId, ForExecution: executionId };
        this.engine.deliver(
          instanceId,
          outcome.ok
            ? event(EventType.TaskCompleted, new Date(), { ...base, Result: outcome.result })
            : event(EventType.TaskFailed, new Date(), {
                ...base,
                Reason: outcome.reason,
                Details: outcome.details,
                ...(outcome.failure ? { FailureDetails: outcome.failure } : {}),
              }),
        );
      });
  }

  private armTimer(inst: LiveInstance, created: HistoryEvent): void {
    const fireAt = Date.parse(created.FireAt ?? '');
    const arm = (): void => {
      const delay = Math.max(0, fireAt - Date.now());
      const timer = setTimeout(
        () => {
          if (Date.now() < fireAt) return arm();
          inst.timers.delete(created.EventId);
          this.engine.deliver(
            inst.record.instanceId,
            event(EventType.TimerFired, new Date(), {
              TimerId: created.EventId,
              FireAt: created.FireAt,
              ForExecution: inst.record.executionId,
            }),
          );
        },
        Math.min(delay, MAX_TIMEOUT_MS),
      );
      timer.unref();
      inst.timers.set(created.EventId, timer);
    };
    arm();
  }

  private async startChild(inst: LiveInstance, created: HistoryEvent): Promise<void> {
    const childId = created.InstanceId ?? '';
    const existing = await this.engine.getRecord(childId);
    if (existing && this.isChildOf(existing, inst, created.EventId)) {
      // After a restart: the child already runs, or finished before its parent heard of it.
      if (!ACTIVE_STATUSES.has(existing.runtimeStatus)) reportToParent(this.engine, existing);
      return;
    }
    const result = await this.engine.start(created.Name ?? '', childId, created.Input, {
      instanceId: inst.record.instanceId,
      taskId: created.EventId,
      executionId: inst.record.executionId,
    });
    if (result === 'conflict') {
      this.engine.deliver(
        inst.record.instanceId,
        subOrchestrationFailed(
          created.EventId,
          inst.record.executionId,
          `An orchestration with instance ID '${childId}' is already running.`,
        ),
      );
    }
  }

  private isChildOf(child: InstanceRecord, parent: LiveInstance, taskId: number): boolean {
    return (
      child.parentInstanceId === parent.record.instanceId &&
      child.parentTaskId === taskId &&
      child.parentExecutionId === parent.record.executionId
    );
  }
}

function subOrchestrationFailed(
  taskId: number,
  executionId: string,
  message: string,
): HistoryEvent {
  return event(EventType.SubOrchestrationInstanceFailed, new Date(), {
    TaskScheduledId: taskId,
    ForExecution: executionId,
    Reason: message,
    Details: dotnetExceptionDetails(message, ''),
  });
}

/** Tells a parent orchestration how its sub-orchestration ended. */
export function reportToParent(engine: EngineCore, child: InstanceRecord): void {
  if (!child.parentInstanceId || child.parentTaskId === undefined) return;
  const executionId = child.parentExecutionId ?? '';
  if (child.runtimeStatus === 'Completed') {
    engine.deliver(
      child.parentInstanceId,
      event(EventType.SubOrchestrationInstanceCompleted, new Date(), {
        TaskScheduledId: child.parentTaskId,
        ForExecution: executionId,
        Result: child.output ?? 'null',
      }),
    );
    return;
  }
  const output = child.output ? (JSON.parse(child.output) as unknown) : '';
  const message =
    child.runtimeStatus === 'Terminated'
      ? `Orchestration '${child.instanceId}' was terminated: ${String(output)}`
      : String(output);
  engine.deliver(
    child.parentInstanceId,
    subOrchestrationFailed(child.parentTaskId, executionId, message),
  );
}
