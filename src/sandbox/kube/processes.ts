import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

/** A control plane program running in the background, its output going to a log file. */
export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Rejects when the program exits before stop() was called. */
  readonly exitedEarly: Promise<never>;
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** klog's fatal lines (`F1128 ...`, the reason a component exited) and the last lines of its log. */
export function logTail(file: string, count = 10): string {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const fatal = lines.filter((line) => /^F\d{4} /.test(line)).slice(0, 3);
    return [...fatal, ...(fatal.length > 0 ? ['...'] : []), ...lines.slice(-count)].join('\n');
  } catch {
    return '(no log)';
  }
}

export function startManaged(
  name: string,
  command: string,
  args: readonly string[],
  logFile: string,
): Managed {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  let stopping = false;
  const exitedEarly = new Promise<never>((_, reject) => {
    const fail = (detail: string): void => {
      if (!stopping) reject(new Error(`${name} ${detail}:\n${logTail(logFile)}`));
    };
    child.once('error', (error) =>
      fail(`could not start (${command}: ${error.message}; see scripts/kube/prepare.sh)`),
    );
    child.once('exit', (code, signal) => fail(`exited early (${signal ?? `code ${code}`})`));
  });
  exitedEarly.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exitedEarly,
    stop: async (): Promise<void> => {
      stopping = true;
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      const exited = exitOf(child);
      const killLater = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killLater);
    },
  };
}
