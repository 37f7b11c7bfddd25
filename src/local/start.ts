/**
 * `npm start`: the first run. Starts Azurite, the AKS sandbox (its own Kubernetes control plane with
 * simulated Windows nodes) and the local host running winshift's functions/, then, for each cluster
 * of the scenario with the pool (`--pool`, default win19; `--cluster` picks clusters), plans the
 * upgrade over the HTTP API and shows the plan; an executable plan is started, its progress shown,
 * approved at the gate and what changed printed; a blocked one is left as the plan says (nothing
 * changed). The API stays up for more requests until Ctrl-C.
 * `--auth entra` runs it as in Azure (WINSHIFT_AUTH=entra): App Service Authentication in front of
 * the host, tokens of the sandbox's Entra tenant, and four eyes at the gate (the operator who
 * started the run is refused, a second person approves).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ApiError, WinshiftClient, type UpgradeView } from '../cli/client.js';
import { renderPlan, type PlanAnswer } from '../cli/plan-view.js';
import { createProgressView, isFinished } from '../cli/progress.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
  type SandboxCluster,
} from '../sandbox/index.js';
import {
  removeSandboxInfo,
  SANDBOX_API_CLIENT_ID,
  SANDBOX_INFO_FILE,
  writeSandboxInfo,
} from '../sandbox/entra/sandbox-info.js';
import { defaultExtensions } from './extensions.js';
import { entraModeSettings, keysModeSettings } from './start-auth.js';
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
    auth: { type: 'string', default: 'keys' },
  },
});
if (values.auth !== 'keys' && values.auth !== 'entra') {
  console.error(`[winshift] --auth: "${values.auth}" is not keys or entra`);
  process.exit(2);
}
const entra = values.auth === 'entra';
const infoFile = path.join(repoRoot, SANDBOX_INFO_FILE);

const say = (line: string): void => console.log(`[winshift] ${line}`);
const running: { azurite?: RunningAzurite; sandbox?: RunningSandbox; host?: RunningLocalHost } = {};

async function stopAll(): Promise<void> {
  await running.host?.stop().catch(() => undefined);
  await running.sandbox?.stop().catch(() => undefined);
  await running.azurite?.stop().catch(() => undefined);
  await removeSandboxInfo(infoFile).catch(() => undefined);
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

interface Clients {
  /** Plans, starts and watches (entra: Winshift.Read, Operate and Approve). */
  readonly operator: WinshiftClient;
  /** Approves (entra: someone else, with Winshift.Read and Approve). */
  readonly approver: WinshiftClient;
}

/** entra: the operator who started the run is refused at the gate (four eyes), then a second person approves. */
async function approve(clients: Clients, id: string): Promise<void> {
  if (entra) {
    try {
      await clients.operator.approve(id);
      say('unexpected: the operator who started the run could approve it');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 403) throw error;
      say(`the operator who started the run may not approve it: ${error.message}`);
    }
  }
  await clients.approver.approve(id);
}

async function watch(clients: Clients, id: string): Promise<UpgradeView> {
  const view = createProgressView(process.stdout);
  let approved = values['no-approve'];
  for (;;) {
    const status = await clients.operator.status(id);
    view.update(status);
    if (isFinished(status)) return status;
    if (status.status?.awaitingApproval && !approved) {
      approved = true;
      say('the upgrade waits for approval before deleting the old pool: approving');
      await approve(clients, id);
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
  clients: Clients,
  sandbox: RunningSandbox,
  cluster: SandboxCluster,
): Promise<string | undefined> {
  const before: ClusterSnapshot = await snapshotCluster(sandbox, cluster.id);
  const request = { clusterResourceId: cluster.id, poolName: values.pool };
  say(`planning the upgrade of pool ${values.pool} of ${cluster.name} (dry run)`);
  const plan = (await clients.operator.plan(request)) as PlanAnswer;
  for (const line of renderPlan(plan)) console.log(line);
  if (plan.executable !== true) {
    say(`the plan of ${cluster.name} is blocked: nothing was started or changed there`);
    return undefined;
  }
  const started = await clients.operator.start(request);
  say(`upgrade ${started.id} started; progress:`);
  const final = await watch(clients, started.id);
  const after = await snapshotCluster(sandbox, cluster.id);
  for (const line of describeOutcome(final, before, after)) console.log(line);
  return started.id;
}

/** Clients of the demo: the function key, or tokens of the sandbox tenant for two people. */
function clientsOf(sandbox: RunningSandbox, url: string, functionKey: string): Clients {
  if (!entra) {
    const client = new WinshiftClient({ url, key: functionKey });
    return { operator: client, approver: client };
  }
  const token = (name: string, roles: string[]): string =>
    sandbox.arm.entra.issue({ audience: SANDBOX_API_CLIENT_ID, name, roles }).accessToken;
  const all = ['Winshift.Read', 'Winshift.Operate', 'Winshift.Approve'];
  return {
    operator: new WinshiftClient({ url, token: token('Olivia Operator', all) }),
    approver: new WinshiftClient({
      url,
      token: token('Adam Approver', ['Winshift.Read', 'Winshift.Approve']),
    }),
  };
}

/** How to call the API that stays up, in this mode. */
function tryLines(origin: string, id: string, functionKey: string): string[] {
  if (!entra)
    return [
      `  npx winshift list --url ${origin} --key ${functionKey}`,
      `  npx winshift status ${id} --url ${origin} --key ${functionKey}`,
      `  curl -s -H 'x-functions-key: ${functionKey}' ${origin}/api/upgrades`,
      '  (npm start -- --auth entra runs it as in Azure: Entra ID tokens, app roles, four eyes)',
    ];
  return [
    '  # a token of the sandbox tenant for a user with the roles you choose (Winshift.Read, Winshift.Operate, Winshift.Approve):',
    `  export WINSHIFT_TOKEN=$(npm run -s token -- --roles Winshift.Read,Winshift.Operate --name "Your Name")`,
    `  npx winshift list --url ${origin}`,
    `  npx winshift status ${id} --url ${origin}`,
    `  curl -s -H "Authorization: Bearer $WINSHIFT_TOKEN" ${origin}/api/upgrades`,
  ];
}

async function main(): Promise<void> {
  say('starting Azurite (in memory)');
  running.azurite = await startAzurite();
  say(`starting the AKS sandbox (${path.relative(process.cwd(), values.scenario)})`);
  running.sandbox = await startSandbox({ scenario: await loadScenarioFile(values.scenario) });
  // Lifecycle events winshift publishes to the sandbox's Event Grid topic, as they arrive.
  running.sandbox.arm.topic.onEvent((event) => {
    const data = (event.data ?? {}) as { state?: string; actor?: { name: string } };
    const actor = data.actor ? ` by ${data.actor.name}` : '';
    say(`event ${event.type} ${event.subject ?? ''} ${data.state ?? ''}${actor}`);
  });
  const clusters = targetClusters(running.sandbox, values.cluster, values.pool);
  const functionKey = randomBytes(18).toString('base64url');
  await writeSandboxInfo(infoFile, {
    hostMap: running.sandbox.settings.WINSHIFT_SANDBOX_HOST_MAP,
    caFile: running.sandbox.caFile,
    issuer: running.sandbox.arm.entra.issuer,
    apiClientId: SANDBOX_API_CLIENT_ID,
  });
  running.host = await startLocalHost({
    appDir: repoRoot,
    port: Number(values.port),
    extensions: defaultExtensions(),
    settings: {
      ...running.sandbox.settings,
      AzureWebJobsStorage: running.azurite.connectionString,
      WINSHIFT_TASK_HUB: 'winshift',
      WINSHIFT_FLEET_SCAN_SCHEDULE: '0 0 6 * * *',
      ...keysModeSettings(functionKey, 'demo'),
      ...(entra ? entraModeSettings(running.sandbox) : {}),
    },
  });
  const origin = running.host.origin;
  say(
    entra
      ? `winshift is running at ${origin} (WINSHIFT_AUTH=entra: Entra ID tokens of the sandbox tenant)`
      : `winshift is running at ${origin} (function key ${functionKey})`,
  );

  const clients = clientsOf(running.sandbox, origin, functionKey);
  const started: string[] = [];
  for (const cluster of clusters) {
    const id = await planAndRun(clients, running.sandbox, cluster);
    if (id !== undefined) started.push(id);
  }
  console.log(`
The API stays up at ${origin} until Ctrl-C. Try:
${tryLines(origin, started[0] ?? '<id>', functionKey).join('\n')}
  curl -s ${origin}/api/openapi.json
${clusters.map((c) => `  kubectl --kubeconfig ${c.kubeconfigPath} get nodes,pods -A -o wide`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(`[winshift] failed: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
});
