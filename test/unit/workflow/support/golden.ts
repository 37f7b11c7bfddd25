// Saved histories of released orchestration versions (docs/adr/0006): what a recorded run
// scheduled, in order, so a replay of it against today's code can be compared action by action.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ActionType, type OrchestratorAction } from '../../../../src/local/durable/actions.js';
import { EventType, type HistoryEvent } from '../../../../src/local/durable/history.js';
import { REPO_ROOT } from '../../../support/azure-examples.js';

export const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'histories');

export interface GoldenHistory {
  /** The orchestration version the run followed. */
  readonly version: number;
  readonly name: string;
  readonly instanceId: string;
  readonly input: unknown;
  readonly history: readonly HistoryEvent[];
  readonly output: unknown;
}

/**
 * A scheduled task as the history records it and as the orchestrator asks for it. Timers are
 * compared as `timer` runs only: the SDK asks for a long timer once, and the host writes one
 * TimerCreated per piece it splits it into.
 */
export type Scheduled = readonly [kind: 'activity' | 'suborchestration' | 'timer', what: string];

function collapseTimers(list: Scheduled[]): Scheduled[] {
  return list
    .map((s): Scheduled => (s[0] === 'timer' ? ['timer', ''] : s))
    .filter((s, i, all) => s[0] !== 'timer' || all[i - 1]?.[0] !== 'timer');
}

const SCHEDULING: ReadonlySet<number> = new Set([
  EventType.TaskScheduled,
  EventType.SubOrchestrationInstanceCreated,
  EventType.TimerCreated,
]);

/** What the saved history scheduled, in task id order. */
export function scheduledInHistory(history: readonly HistoryEvent[]): Scheduled[] {
  return collapseTimers(scheduledInHistoryAll(history));
}

function scheduledInHistoryAll(history: readonly HistoryEvent[]): Scheduled[] {
  return history
    .filter((e) => SCHEDULING.has(e.EventType))
    .sort((a, b) => Number(a.EventId) - Number(b.EventId))
    .map((e): Scheduled => {
      if (e.EventType === EventType.TimerCreated) return ['timer', ''];
      const kind = e.EventType === EventType.TaskScheduled ? 'activity' : 'suborchestration';
      return [kind, String(e.Name)];
    });
}

/** What the orchestrator's actions schedule, in the order the SDK gives them task ids. */
export function scheduledByActions(actions: readonly OrchestratorAction[]): Scheduled[] {
  const out: Scheduled[] = [];
  const walk = (action: OrchestratorAction): void => {
    switch (action.actionType) {
      case ActionType.WhenAll:
      case ActionType.WhenAny:
        (action.compoundActions ?? []).forEach(walk);
        return;
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
        out.push(['activity', action.functionName ?? '']);
        return;
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry:
        out.push(['suborchestration', action.functionName ?? '']);
        return;
      case ActionType.CreateTimer:
        out.push(['timer', '']);
        return;
      default:
        return;
    }
  };
  actions.forEach(walk);
  return collapseTimers(out);
}

export function loadGoldenHistories(): GoldenHistory[] {
  return readdirSync(GOLDEN_DIR)
    .filter((dir) => /^v\d+$/.test(dir))
    .flatMap((dir) =>
      readdirSync(path.join(GOLDEN_DIR, dir))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map(
          (f) => JSON.parse(readFileSync(path.join(GOLDEN_DIR, dir, f), 'utf8')) as GoldenHistory,
        ),
    );
}

export function saveGoldenHistory(golden: GoldenHistory): void {
  const dir = path.join(GOLDEN_DIR, `v${golden.version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${golden.name}.json`), `${JSON.stringify(golden, null, 1)}\n`);
}
