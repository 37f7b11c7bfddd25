/**
 * `npm start`: the first run. Starts Azurite, the AKS sandbox (its own Kubernetes control plane with
 * simulated Windows nodes) and the local host running winshift's functions/, then, for each cluster
 * of the scenario with the pool (`--pool`, default win19; `--cluster` picks clusters), plans the
 * upgrade over the HTTP API and shows the plan; an executable plan is started, its progress shown,
 * approved at the gate and what changed printed; a blocked one is left as the plan says (nothing
 * changed). The API stays up for more requests until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WinshiftClient, type UpgradeView } from '../cli/client.js';
import { renderPlan, type PlanAnswer } from '../cli/plan-view.js';
import { createProgressView, isFinished } from '../cli/progress.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
  type SandboxCluster,
} from '../sandbox/index.js';
import { defaultExtensions } from './extensions.js';
import { startLocalHost, type RunningLocalHost } from './host.js';
import { startAzurite, type RunningAzurite } from './services/azurite.js';
import { describeOutcome, type ClusterSnapshot, snapshotCluster } from './start-summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: DEFAULT_SCENARIO_FILE },
    cluster: { type: 'string', multiple: true },
    pool: { type: 'string', default: 'win19' },
    port: { type: 'string', default: process.env.LOCAL_HOST_PORT ?? '7071' },
    'no-approve': { type: 'boolean', default: false },
  },
});

const say = (line: string): void => console.log(`[winshift] ${line}`);
const running: { azurite?: RunningAzurite; sandbox?: RunningSandbox; host?: RunningLocalHost } = {};

async function stopAll(): Promise<void> {
  await running.host?.stop().catch(() => undefined);
  await running.sandbox?.stop().catch(() => undefined);
  await running.azurite?.stop().catch(() => undefined);
}

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  say('stopping (local host, sandbox, Azurite)');
  void stopAll().then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function watch(client: WinshiftClient, id: string): Promise<UpgradeView> {
  const view = createProgressView(process.stdout);
  let approved = values['no-approve'];
  for (;;) {
    const status = await client.status(id);
    view.update(status);
    if (isFinished(status)) return status;
    if (status.status?.awaitingApproval && !approved) {
      approved = true;
      say('the upgrade waits for approval before deleting the old pool: approving');
      await client.approve(id);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The clusters `npm start` plans: those `--cluster` names, else every one with the pool. */
function targetClusters(
  sandbox: RunningSandbox,
  names: readonly string[] | undefined,
  pool: string,
): SandboxCluster[] {
  if (names !== undefined && names.length > 0) return names.map((name) => sandbox.cluster(name));
  const withPool = sandbox.scenario.subscriptions.flatMap((subscription) =>
    subscription.resourceGroups.flatMap((group) =>
      (group.clusters ?? []).filter((c) => c.pools.some((p) => p.name === pool)),
    ),
  );
  if (withPool.length === 0) throw new Error(`no cluster of the scenario has a pool ${pool}`);
  return withPool.map((c) => sandbox.cluster(c.name));
}

/** Plans the pool's upgrade on one cluster; runs it when the plan is executable. */
async function planAndRun(
  client: WinshiftClient,
  sandbox: RunningSandbox,
  cluster: SandboxCluster,
): Promise<string | undefined> {
  const before: ClusterSnapshot = await snapshotCluster(sandbox, cluster.id);
  const request = { clusterResourceId: cluster.id, poolName: values.pool };
  say(`planning the upgrade of pool ${values.pool} of ${cluster.name} (dry run)`);
  const plan = (await client.plan(request)) as PlanAnswer;
  for (const line of renderPlan(plan)) console.log(line);
  if (plan.executable !== true) {
    say(`the plan of ${cluster.name} is blocked: nothing was started or changed there`);
    return undefined;
  }
  const started = await client.start(request);
  say(`upgrade ${started.id} started; progress:`);
  const final = await watch(client, started.id);
  const after = await snapshotCluster(sandbox, cluster.id);
  for (const line of describeOutcome(final, before, after)) console.log(line);
  return started.id;
}

async function main(): Promise<void> {
  say('starting Azurite (in memory)');
  running.azurite = await startAzurite();
  say(`starting the AKS sandbox (${path.relative(process.cwd(), values.scenario)})`);
  running.sandbox = await startSandbox({ scenario: await loadScenarioFile(values.scenario) });
  const clusters = targetClusters(running.sandbox, values.cluster, values.pool);
  const functionKey = randomBytes(18).toString('base64url');
  running.host = await startLocalHost({
    appDir: repoRoot,
    port: Number(values.port),
    extensions: defaultExtensions(),
    settings: {
      ...running.sandbox.settings,
      AzureWebJobsStorage: running.azurite.connectionString,
      WINSHIFT_TASK_HUB: 'winshift',
      WINSHIFT_FLEET_SCAN_SCHEDULE: '0 0 6 * * *',
      LOCAL_HOST_FUNCTION_KEY: functionKey,
    },
  });
  const origin = running.host.origin;
  say(`winshift is running at ${origin} (function key ${functionKey})`);

  const client = new WinshiftClient({ url: origin, key: functionKey });
  const started: string[] = [];
  for (const cluster of clusters) {
    const id = await planAndRun(client, running.sandbox, cluster);
    if (id !== undefined) started.push(id);
  }
  console.log(`
The API stays up at ${origin} until Ctrl-C. Try:
  npx winshift list --url ${origin} --key ${functionKey}
  npx winshift status ${started[0] ?? '<id>'} --url ${origin} --key ${functionKey}
  curl -s -H 'x-functions-key: ${functionKey}' ${origin}/api/openapi.json
${clusters.map((c) => `  kubectl --kubeconfig ${c.kubeconfigPath} get nodes,pods -A -o wide`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(`[winshift] failed: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
});
