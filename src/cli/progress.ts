/**
 * The live progress view of an upgrade: its steps with state and times, workloads ready/total and the
 * last error. On a TTY the block is redrawn in place; elsewhere (CI logs, pipes) only changed lines
 * are printed, each once. Used by `winshift watch` and `npm start`.
 */
import type { UpgradeView } from './client.js';

const MARK: Readonly<Record<string, string>> = {
  pending: '·',
  running: '▶',
  succeeded: '✔',
  failed: '✖',
  stopped: '■',
  skipped: '–',
};

const TERMINAL = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

/** Whether the instance has ended (nothing more will change). */
export function isFinished(view: UpgradeView): boolean {
  return view.runtimeStatus !== undefined && TERMINAL.has(view.runtimeStatus);
}

function clock(iso: string | undefined): string {
  return iso ? iso.slice(11, 19) : '';
}

function duration(start: string | undefined, end: string | undefined, now: Date): string {
  if (!start) return '';
  const ms = (end ? Date.parse(end) : now.getTime()) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

type Step = NonNullable<UpgradeView['status']>['steps'][number];

function stepLine(step: Step, now: Date): string {
  const times = step.startedAt
    ? ` ${clock(step.startedAt)}${step.endedAt ? `-${clock(step.endedAt)}` : ''} ${duration(step.startedAt, step.endedAt, now)}`
    : '';
  const detail = step.detail ? `  ${step.detail}` : '';
  const mark = MARK[step.state] ?? '?';
  return `  ${mark} ${step.name.padEnd(14)} ${step.state.padEnd(9)}${times}${detail}`;
}

/** Who started, approved, cancelled or terminated the run, when recorded: one line, or none. */
function actorsLine(view: UpgradeView): string[] {
  const actors = view.actors ?? {};
  const parts = (['started', 'approved', 'cancelled', 'terminated'] as const).flatMap((action) => {
    const actor = actors[action];
    return actor ? [`${action} by ${actor.name}`] : [];
  });
  return parts.length > 0 ? [`  ${parts.join(' · ')}`] : [];
}

/** The view as lines (no colours, no cursor codes): what both modes print. */
export function renderProgress(view: UpgradeView, now: Date = new Date()): string[] {
  const s = view.status;
  const head = `${view.id ?? ''} ${view.runtimeStatus ?? 'Unknown'}`;
  if (!s) return [head, '  (no progress reported yet)'];
  const sku = s.targetOsSku ? ` (${s.targetOsSku})` : '';
  const target = s.targetPool ? ` -> ${s.targetPool}${sku}` : '';
  const approval = s.awaitingApproval ? ' · awaiting approval' : '';
  return [
    `${head} · ${s.phase}${approval}`,
    `  ${s.cluster.split('/').pop() ?? s.cluster} pool ${s.sourcePool}${target}`,
    ...s.steps.map((step) => stepLine(step, now)),
    `  workloads ready ${s.workloads.ready}/${s.workloads.total}`,
    ...actorsLine(view),
    ...(s.lastError ? [`  last error [${s.lastError.code}] ${s.lastError.message}`] : []),
  ];
}

export interface ProgressOutput {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export interface ProgressView {
  update(view: UpgradeView): void;
}

/** A view that redraws on a TTY and prints only new or changed lines otherwise. */
export function createProgressView(
  out: ProgressOutput,
  now: () => Date = () => new Date(),
): ProgressView {
  let drawn = 0;
  const printed = new Set<string>();
  return {
    update: (view) => {
      const lines = renderProgress(view, now());
      if (out.isTTY) {
        // Up to the block's first line, clear to the end of the screen, draw again.
        const up = drawn > 0 ? `\u001b[${drawn}F\u001b[0J` : '';
        out.write(`${up}${lines.join('\n')}\n`);
        drawn = lines.length;
        return;
      }
      // Plain mode: a running step's duration changes every poll; compare lines without it.
      const fresh = lines.filter((line) => {
        const key = line.replace(/ (\d+m)?\d+s(?=\s|$)/, '');
        if (printed.has(key)) return false;
        printed.add(key);
        return true;
      });
      if (fresh.length > 0) out.write(`${fresh.join('\n')}\n`);
    },
  };
}
