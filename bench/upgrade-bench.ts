// `npm run bench:upgrade` (issue 4, "Measure"): the default scenario with the sandbox's `realistic`
// latencies, upgraded twice through the HTTP API (prePull true, then false; soak 0 with auto-approve),
// each on a fresh Azurite + sandbox + host. Prints winshift's wall time (start request -> Completed)
// next to the critical path's lower bound (terms printed) and the manual step-by-step procedure.
// `--scale <factor>` multiplies every duration further when a realistic run is too slow.
// The workflow's poll pacing (WINSHIFT_POLL_* settings) is scaled by the same factor as the durations:
// polls sized for an 8-minute pool creation would otherwise measure the poll spacing, not the work.
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_TIMING } from '../src/workflow/timing.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  REALISTIC_TIME_SCALE,
  resolveLatency,
  type SandboxLatency,
  type SandboxScenario,
} from '../src/sandbox/index.js';
import {
  formatModel,
  lowerBound,
  manualProcedure,
  movedWorkloads,
  poolNodeCount,
  scenarioFloor,
  seconds,
  type ModelInput,
} from './upgrade-bench/model.js';
import type { ChildReply, ChildRequest } from './upgrade-bench/child.js';

const CLUSTER = 'aks-payments';
const POOL = 'win19';
const TARGET_RATIO = 1.1;

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' } },
});
const scale = Number(values.scale);
if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${values.scale}`);

const say = (line: string): void => console.log(`[bench] ${line}`);
let child: ChildProcess | undefined;

interface RunResult {
  readonly prePull: boolean;
  readonly wallMs: number;
}

/** One run in a fresh process (fresh Azurite, sandbox, host); the child stops them on any exit. */
function runInChild(request: ChildRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const forked = fork(new URL('./upgrade-bench/child.js', import.meta.url));
    child = forked;
    let reply: ChildReply | undefined;
    forked.on('message', (message) => void (reply = message as ChildReply));
    forked.on('error', reject);
    forked.on('exit', (code) => {
      child = undefined;
      if (reply?.ok) resolve(reply.wallMs);
      else reject(new Error(reply && !reply.ok ? reply.error : `the run exited with ${code}`));
    });
    forked.send(request);
  });
}

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  if (!child) process.exit(code);
  say('stopping (local host, sandbox and its control plane, Azurite)');
  child.once('exit', () => process.exit(code));
  child.kill('SIGTERM');
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

/** The realistic profile, further scaled by `--scale` (durations x scale, pull speed / scale). */
function latencyOf(factor: number): Required<SandboxLatency> {
  const base = resolveLatency('realistic');
  if (factor === 1) return base;
  return resolveLatency('realistic', {
    requestMs: Math.round(base.requestMs * factor),
    poolProvisioningMs: Math.round(base.poolProvisioningMs * factor),
    poolDeletionMs: Math.round(base.poolDeletionMs * factor),
    imagePullBytesPerSecond: Math.round(base.imagePullBytesPerSecond / factor),
    containerStartMs: Math.round(base.containerStartMs * factor),
    gracePeriodScale: base.gracePeriodScale * factor,
    backoffScale: base.backoffScale * factor,
  });
}

async function main(): Promise<void> {
  const loaded = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
  const latency = latencyOf(scale);
  const scenario: SandboxScenario = { ...loaded, latencyProfile: 'realistic', latency };
  const input: ModelInput = {
    workloads: movedWorkloads(scenario, CLUSTER),
    latency,
    oldPoolNodes: poolNodeCount(scenario, CLUSTER, POOL),
  };
  say(
    `default scenario, latency profile realistic (real AKS durations x 0.1)` +
      (scale === 1 ? '' : `, further scaled x ${scale} through latency overrides`),
  );
  say(`latencies: ${JSON.stringify(latency)}`);
  const timeScale = REALISTIC_TIME_SCALE * scale;
  const pollPacing = {
    initialInSeconds: DEFAULT_TIMING.pollInitialInSeconds * timeScale,
    maxInSeconds: DEFAULT_TIMING.pollMaxInSeconds * timeScale,
  };
  say(
    `poll pacing: the defaults (${DEFAULT_TIMING.pollInitialInSeconds} s growing to ${DEFAULT_TIMING.pollMaxInSeconds} s) x ${timeScale}: ` +
      `WINSHIFT_POLL_INITIAL_SECONDS=${pollPacing.initialInSeconds} WINSHIFT_POLL_MAX_SECONDS=${pollPacing.maxInSeconds}`,
  );
  say(
    `moved workloads: ${input.workloads.map((w) => w.key).join(', ')}; old pool ${POOL}: ${input.oldPoolNodes} nodes`,
  );

  const results: RunResult[] = [];
  for (const prePull of [true, false]) {
    say(`run prePull=${prePull} (fresh Azurite, sandbox, host): phases`);
    const wallMs = await runInChild({
      scenario,
      options: {
        clusterName: CLUSTER,
        poolName: POOL,
        prePull,
        timeoutMs: 30 * 60_000,
        pollPacing,
      },
    });
    say(`  Completed after ${seconds(wallMs)}`);
    results.push({ prePull, wallMs });
  }

  const bound = lowerBound(input);
  const floor = scenarioFloor(input);
  console.log('');
  for (const line of formatModel(bound)) console.log(line);
  for (const line of formatModel(floor)) console.log(line);
  for (const prePull of [true, false])
    for (const line of formatModel(manualProcedure(input, prePull))) console.log(line);
  console.log('');
  console.log('winshift (start request -> Completed):');
  for (const r of results) {
    const manual = manualProcedure(input, r.prePull);
    const ratio = r.wallMs / bound.totalMs;
    console.log(
      `  prePull=${String(r.prePull).padEnd(5)} wall ${seconds(r.wallMs).padStart(9)}  ` +
        `wall/bound ${ratio.toFixed(2)} (${ratio <= TARGET_RATIO ? 'within' : 'NOT within'} the 10% target)  ` +
        `wall/floor ${(r.wallMs / floor.totalMs).toFixed(2)}  ` +
        `manual ${seconds(manual.totalMs)} (wall/manual ${(r.wallMs / manual.totalMs).toFixed(2)})`,
    );
  }
}

main().then(
  () => shutdown(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
    shutdown(1);
  },
);
