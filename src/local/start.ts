/**
 * `npm start`: the first run. Starts Azurite, the AKS sandbox (its own Kubernetes control plane with
 * simulated Windows nodes) and the local host running winshift's functions/, then plans and runs an
 * upgrade of the default scenario's Windows Server 2019 pool over the HTTP API, shows its progress,
 * approves at the gate and prints what changed. The API stays up for more requests until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WinshiftClient, type UpgradeView } from '../cli/client.js';
import { createProgressView, isFinished } from '../cli/progress.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
} from '../sandbox/index.js';
import { defaultExtensions } from './extensions.js';
import { startLocalHost, type RunningLocalHost } from './host.js';
import { startAzurite, type RunningAzurite } from './services/azurite.js';
import { describeOutcome, type ClusterSnapshot, snapshotCluster } from './start-summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: DEFAULT_SCENARIO_FILE },
    cluster: { type: 'string', default: 'aks-payments' },
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

async function main(): Promise<void> {
  say('starting Azurite (in memory)');
  running.azurite = await startAzurite();
  say(`starting the AKS sandbox (${path.relative(process.cwd(), values.scenario)})`);
  running.sandbox = await startSandbox({ scenario: await loadScenarioFile(values.scenario) });
  // Lifecycle events winshift publishes to the sandbox's Event Grid topic, as they arrive.
  running.sandbox.arm.topic.onEvent((event) => {
    const data = (event.data ?? {}) as { state?: string; actor?: { kind: string; id: string } };
    const actor = data.actor ? ` by ${data.actor.kind}:${data.actor.id}` : '';
    say(`event ${event.type} ${event.subject ?? ''} ${data.state ?? ''}${actor}`);
  });
  const cluster = running.sandbox.cluster(values.cluster);
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

  const before: ClusterSnapshot = await snapshotCluster(running.sandbox, cluster.id);
  const client = new WinshiftClient({ url: origin, key: functionKey });
  const request = { clusterResourceId: cluster.id, poolName: values.pool };
  say(`planning the upgrade of pool ${values.pool} of ${cluster.name} (dry run)`);
  const plan = await client.plan(request);
  console.log(JSON.stringify(plan, null, 2));

  const started = await client.start(request);
  say(`upgrade ${started.id} started; progress:`);
  const final = await watch(client, started.id);
  const after = await snapshotCluster(running.sandbox, cluster.id);
  for (const line of describeOutcome(final, before, after)) console.log(line);

  console.log(`
The API stays up at ${origin} until Ctrl-C. Try:
  npx winshift list --url ${origin} --key ${functionKey}
  npx winshift status ${started.id} --url ${origin} --key ${functionKey}
  curl -s -H 'x-functions-key: ${functionKey}' ${origin}/api/openapi.json
  kubectl --kubeconfig ${cluster.kubeconfigPath} get nodes,pods -A -o wide`);
}

main().catch((error: unknown) => {
  console.error(`[winshift] failed: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
});
