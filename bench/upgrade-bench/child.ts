// One measured upgrade in its own process (forked by bench/upgrade-bench.ts): the local host installs
// its @azure/functions-core stand-in once per process, so a fresh host needs a fresh process. The
// result goes back over the IPC channel; SIGINT/SIGTERM stop everything this process started.
import type { SandboxScenario } from '../../src/sandbox/index.js';
import { runUpgrade, stopAll, type RunOptions, type Running } from './run.js';

export interface ChildRequest {
  readonly scenario: SandboxScenario;
  readonly options: Omit<RunOptions, 'scenario' | 'say'>;
}

export type ChildReply =
  { readonly ok: true; readonly wallMs: number } | { readonly ok: false; readonly error: string };

const running: Running = {};
const stopAndExit = (code: number): void => void stopAll(running).then(() => process.exit(code));
process.on('SIGINT', () => stopAndExit(130));
process.on('SIGTERM', () => stopAndExit(143));
process.on('disconnect', () => stopAndExit(1)); // the parent died

process.once('message', (message) => {
  const { scenario, options } = message as ChildRequest;
  const say = (line: string): void => console.log(`[bench] ${line}`);
  const reply = (r: ChildReply): void => void process.send?.(r, () => process.exit(0));
  runUpgrade(running, { ...options, scenario, say }).then(
    (result) => reply({ ok: true, wallMs: result.wallMs }),
    (error: unknown) =>
      reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
