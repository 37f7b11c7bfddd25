// `npm run sandbox [-- --scenario file] [--latency small|realistic]`: starts the sandbox, prints how
// to reach it, and stops it cleanly on Ctrl-C / SIGTERM.
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  removeSandboxInfo,
  SANDBOX_API_CLIENT_ID,
  SANDBOX_INFO_FILE,
  writeSandboxInfo,
} from './entra/sandbox-info.js';
import {
  DEFAULT_SCENARIO_FILE,
  LATENCY_PROFILE_NAMES,
  loadScenarioFile,
  ScenarioError,
  startSandbox,
  type LatencyProfileName,
  type RunningSandbox,
} from './index.js';

function describe(sandbox: RunningSandbox, scenarioFile: string): string {
  const lines = [
    `winshift sandbox running (scenario ${scenarioFile}, latency ${sandbox.scenario.latencyProfile})`,
    ...(sandbox.scenario.description ? [`  ${sandbox.scenario.description}`] : []),
    '',
    `ARM endpoint: https://management.azure.com -> 127.0.0.1:${sandbox.arm.port} (CA: ${sandbox.caFile})`,
    `  curl --cacert ${sandbox.caFile} --resolve management.azure.com:${sandbox.arm.port}:127.0.0.1 \\
` +
      `    -H 'Authorization: Bearer ${sandbox.settings.WINSHIFT_SANDBOX_TOKEN}' \\
` +
      `    'https://management.azure.com:${sandbox.arm.port}/subscriptions/${sandbox.scenario.subscriptions[0]?.id ?? ''}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-06-01'`,
    '',
    'App settings for winshift (local.settings.json "Values" or environment):',
    ...Object.entries(sandbox.settings).map(([key, value]) => `  ${key}=${value}`),
    '',
    `Entra ID: tenant ${sandbox.arm.world.tenantId}, issuer ${sandbox.arm.entra.issuer}; a token for winshift's API (client id ${SANDBOX_API_CLIENT_ID}):`,
    '  npm run -s token -- --roles Winshift.Read,Winshift.Operate --name "Your Name"',
    '',
    'Clusters with Kubernetes (admin kubeconfig; `kubectl --kubeconfig <path> get nodes`):',
    ...Object.values(sandbox.clusters).map(
      (cluster) => `  ${cluster.id}\n    ${cluster.kubeconfigPath}`,
    ),
    '',
    'Press Ctrl-C to stop.',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: DEFAULT_SCENARIO_FILE },
      latency: { type: 'string' },
    },
  });
  const scenarioFile = values.scenario;
  const latency = values.latency;
  if (latency !== undefined && !(LATENCY_PROFILE_NAMES as readonly string[]).includes(latency))
    throw new Error(`--latency must be one of ${LATENCY_PROFILE_NAMES.join(', ')}`);
  const scenario = await loadScenarioFile(scenarioFile);
  const sandbox = await startSandbox({
    scenario,
    ...(latency ? { latencyProfile: latency as LatencyProfileName } : {}),
  });
  const infoFile = path.resolve(SANDBOX_INFO_FILE);
  await writeSandboxInfo(infoFile, {
    hostMap: sandbox.settings.WINSHIFT_SANDBOX_HOST_MAP,
    caFile: sandbox.caFile,
    issuer: sandbox.arm.entra.issuer,
    apiClientId: SANDBOX_API_CLIENT_ID,
  });
  process.stdout.write(`${describe(sandbox, scenarioFile)}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox...\n`);
    Promise.all([sandbox.stop(), removeSandboxInfo(infoFile)]).then(
      () => {
        process.stdout.write('stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`the sandbox did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ScenarioError || !(error instanceof Error) ? String(error) : (error.stack ?? error.message)}\n`,
  );
  process.exit(1);
});
