/**
 * `winshift`: the CLI over the HTTP API (bin/winshift.js runs `main`). Exit codes: 0 done, 1 the API
 * refused or the upgrade ended badly, 2 a usage error.
 */
import { parseCommandLine, USAGE, UsageError, type Command } from './args.js';
import { ApiError, WinshiftClient, type UpgradeView } from './client.js';
import { renderPlan, writePatchFiles, type PlanAnswer } from './plan-view.js';
import { createProgressView, isFinished, renderProgress, type ProgressOutput } from './progress.js';

export interface CliIo {
  readonly stdout: ProgressOutput;
  readonly stderr: { write(text: string): void };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Between two status polls of `watch` (default 2 s). */
  readonly pollIntervalInMs?: number;
  /** Gets tokens for --client-id (default: sign-in.ts, Azure CLI then browser). */
  readonly signIn?: (clientId: string, tenantId?: string) => () => Promise<string>;
}

const sleepReal = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function print(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Polls the status until the instance ends, drawing progress; exit 0 only for a good ending. */
async function watch(
  client: WinshiftClient,
  id: string,
  cmd: Command & { json: boolean },
  io: CliIo,
): Promise<number> {
  const view = createProgressView(io.stdout);
  const sleep = io.sleep ?? sleepReal;
  for (;;) {
    const status: UpgradeView = { id, ...(await client.status(id)) };
    if (cmd.json) io.stdout.write(`${JSON.stringify(status)}\n`);
    else view.update(status);
    if (isFinished(status)) {
      const phase = status.status?.phase;
      return status.runtimeStatus === 'Completed' && phase !== 'Failed' && phase !== 'RolledBack'
        ? 0
        : 1;
    }
    await sleep(io.pollIntervalInMs ?? 2000);
  }
}

type Run<N extends Command['name']> = (
  client: WinshiftClient,
  cmd: Extract<Command, { name: N }>,
  io: CliIo,
) => Promise<number>;

async function startCommand(
  client: WinshiftClient,
  cmd: Extract<Command, { name: 'start' }>,
  io: CliIo,
): Promise<number> {
  const started = await client.start(cmd.body);
  if (cmd.json && !cmd.watch) print(io, started);
  else io.stdout.write(`started ${started.id}\n`);
  return cmd.watch ? watch(client, started.id, cmd, io) : 0;
}

/** stdout: the API's answer as it is; `--out`: one file per workload, and their names. */
async function patchesCommand(
  client: WinshiftClient,
  cmd: Extract<Command, { name: 'patches' }>,
  io: CliIo,
): Promise<number> {
  if (cmd.out === undefined) {
    const answer = await client.patches(cmd.id, cmd.format, cmd.managed);
    if (typeof answer === 'string') io.stdout.write(answer);
    else print(io, answer);
    return 0;
  }
  const answer = (await client.patches(cmd.id, 'json', cmd.managed)) as {
    files?: Parameters<typeof writePatchFiles>[2];
  };
  const written = await writePatchFiles(cmd.out, cmd.format, answer.files ?? []);
  io.stdout.write(written.map((file) => `wrote ${file}\n`).join('') || 'no workload to patch\n');
  return 0;
}

/** One line per entry: time, outcome, operation, target, who, why. */
export function renderAudit(entries: readonly AuditLine[]): string[] {
  return entries.map((e) =>
    [
      e.at,
      (e.outcome ?? '').padEnd(9),
      (e.operation ?? '').padEnd(28),
      e.target,
      e.actor ? `by ${e.actor.name} (${e.actor.id})` : '',
      e.entryPoint ? `via ${e.entryPoint}` : '',
      e.errorCode ? `[${e.errorCode}]` : '',
      e.reason ? `reason: ${e.reason}` : '',
    ]
      .filter((part) => part !== '')
      .join('  '),
  );
}

interface AuditLine {
  readonly at: string;
  readonly outcome?: string;
  readonly operation?: string;
  readonly target: string;
  readonly actor?: { readonly kind: string; readonly id: string; readonly name: string };
  readonly entryPoint?: string;
  readonly errorCode?: string;
  readonly reason?: string;
}

async function auditCommand(
  client: WinshiftClient,
  cmd: Extract<Command, { name: 'audit' }>,
  io: CliIo,
): Promise<number> {
  if ('id' in cmd) {
    const answer = await client.runAudit(cmd.id, cmd.format);
    if (typeof answer === 'string') io.stdout.write(answer);
    else if (cmd.json) print(io, answer);
    else {
      const doc = answer as { runId?: string; entries?: AuditLine[] };
      io.stdout.write(`audit of ${cmd.id} (run ${doc.runId ?? '?'})\n`);
      io.stdout.write(
        renderAudit(doc.entries ?? [])
          .map((l) => `${l}\n`)
          .join(''),
      );
    }
    return 0;
  }
  const items = await client.auditSince(cmd.query);
  if (cmd.json) print(io, items);
  else
    io.stdout.write(
      renderAudit(items as AuditLine[])
        .map((l) => `${l}\n`)
        .join('') || 'no entries\n',
    );
  return 0;
}

const RUN: { readonly [N in Exclude<Command['name'], 'help'>]: Run<N> } = {
  plan: async (client, cmd, io) => {
    const answer = await client.plan(cmd.body);
    if (cmd.json) print(io, answer);
    else io.stdout.write(`${renderPlan(answer as PlanAnswer).join('\n')}\n`);
    return 0;
  },
  patches: patchesCommand,
  audit: auditCommand,
  start: startCommand,
  status: async (client, cmd, io) => {
    const status = { id: cmd.id, ...(await client.status(cmd.id)) };
    if (cmd.json) print(io, status);
    else io.stdout.write(`${renderProgress(status).join('\n')}\n`);
    return 0;
  },
  watch: (client, cmd, io) => watch(client, cmd.id, cmd, io),
  approve: async (client, cmd, io) => {
    const out = await client.approve(cmd.id);
    if (cmd.json) print(io, out ?? {});
    else io.stdout.write(`approved: ${cmd.id}\n`);
    return 0;
  },
  cancel: async (client, cmd, io) => {
    const out = await client.cancel(cmd.id, cmd.reason);
    if (cmd.json) print(io, out ?? {});
    else io.stdout.write(`cancel requested: ${cmd.id}\n`);
    return 0;
  },
  terminate: async (client, cmd, io) => {
    const out = await client.terminate(cmd.id, cmd.reason);
    if (cmd.json) print(io, out);
    else io.stdout.write(`terminated: ${cmd.id}\n  ${out.lastError?.message ?? ''}\n`);
    return 0;
  },
  list: async (client, cmd, io) => (print(io, await client.list(cmd.query)), 0),
  fleet: async (client, cmd, io) => {
    const report = await client.fleet();
    if (cmd.json) print(io, report);
    else io.stdout.write(`${renderFleet(report).join('\n')}\n`);
    return 0;
  },
};

/** A token, a sign-in (loaded only when used: @azure/identity is large), or none. */
async function tokenOf(
  cmd: Exclude<Command, { name: 'help' }>,
  io: CliIo,
): Promise<string | (() => Promise<string>) | undefined> {
  if (cmd.token !== undefined) return cmd.token;
  if (cmd.signIn === undefined) return undefined;
  const signIn = io.signIn ?? (await import('./sign-in.js')).azureSignIn;
  return signIn(cmd.signIn.clientId, cmd.signIn.tenantId);
}

async function runCommand(cmd: Exclude<Command, { name: 'help' }>, io: CliIo): Promise<number> {
  const token = await tokenOf(cmd, io);
  const client = new WinshiftClient({
    url: cmd.url,
    ...(cmd.key ? { key: cmd.key } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  // Each entry takes its own command type; the name picked it, so the cast is safe.
  const run = RUN[cmd.name];
  return run(client, cmd as never, io);
}

interface FleetView {
  scanId?: string;
  completedAt?: string;
  summary?: {
    clusters: number;
    windowsPools: number;
    retired: number;
    retiring: number;
    supported: number;
  };
  entries?: {
    clusterResourceId: string;
    poolName: string;
    osSku: string;
    status: string;
    deadline?: string;
    reason: string;
  }[];
}

/** The fleet report as a short table, most urgent first (the API sorts it so). */
export function renderFleet(raw: unknown): string[] {
  const report = raw as FleetView;
  const s = report.summary;
  const lines = [
    `fleet scan ${report.scanId ?? '?'} (${report.completedAt ?? '?'})`,
    s
      ? `  ${s.clusters} clusters, ${s.windowsPools} Windows pools: ${s.retired} retired, ${s.retiring} retiring, ${s.supported} supported`
      : '  no summary',
  ];
  for (const e of report.entries ?? []) {
    const cluster = e.clusterResourceId.split('/').pop() ?? e.clusterResourceId;
    lines.push(
      `  ${e.status.padEnd(9)} ${(e.deadline ?? '').padEnd(10)} ${cluster}/${e.poolName} ${e.osSku}  ${e.reason}`,
    );
  }
  return lines;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommandLine(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`winshift: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (cmd.name === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    return await runCommand(cmd, io);
  } catch (error) {
    if (error instanceof ApiError) {
      io.stderr.write(`winshift: ${error.message}\n`);
      if (cmd.json) io.stderr.write(`${JSON.stringify(error.body)}\n`);
      return 1;
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    io.stderr.write(`winshift: cannot reach ${cmd.url}: ${cause ?? (error as Error).message}\n`);
    return 1;
  }
}
