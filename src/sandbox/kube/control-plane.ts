import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../local/services/ports.js';
import { makeControlPlaneCerts } from './certs.js';
import {
  apiserverArgs,
  controllerManagerArgs,
  etcdArgs,
  schedulerArgs,
  type NodeTimings,
  type RunLayout,
} from './flags.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { startManaged, type Managed } from './processes.js';
import { apiReady, defaultServiceAccountReady, pollUntil } from './readiness.js';
import { assertBinariesPresent, kubeBinaries, type KubeBinaries } from './settings.js';

/** A bearer token the API server accepts besides the admin's (e.g. the Entra ID simulation's). */
export interface ExtraToken {
  readonly token: string;
  readonly user: string;
  /** Defaults to `system:masters` (cluster-admin); pass [] to rely on RBAC bindings instead. */
  readonly groups?: readonly string[];
}

export interface StartControlPlaneOptions {
  /** Node lifecycle timings; the defaults (1 h) keep nodes Ready without heartbeats. */
  readonly nodeTimings?: Partial<NodeTimings>;
  readonly extraTokens?: readonly ExtraToken[];
  /** DNS names the serving certificate covers besides localhost (e.g. an AKS-style FQDN). */
  readonly extraDnsNames?: readonly string[];
  /** The cluster/context name in the kubeconfig. */
  readonly clusterName?: string;
  readonly binaries?: KubeBinaries;
  readonly startTimeoutInMs?: number;
  /** Where the run folder is created (default: the OS temp folder). */
  readonly parentDir?: string;
}

export interface RunningControlPlane {
  readonly kubeconfigPath: string;
  /** The API server's URL, `https://127.0.0.1:<port>`. */
  readonly server: string;
  readonly caPem: string;
  /** The admin bearer token (group system:masters). */
  readonly token: string;
  readonly runDir: string;
  /** PIDs of etcd, kube-apiserver, kube-controller-manager, kube-scheduler. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export const LARGE_NODE_TIMINGS: NodeTimings = {
  nodeMonitorGracePeriodInSeconds: 3600,
  nodeStartupGracePeriodInSeconds: 3600,
  nodeMonitorPeriodInSeconds: 5,
};

const newToken = (): string => randomBytes(24).toString('hex');

function tokenLine(token: string, user: string, groups: readonly string[]): string {
  if (/[,"\s]/.test(token))
    throw new Error(`token for ${user} must not contain commas, quotes or spaces`);
  return `${token},${user},${user},"${groups.join(',')}"`;
}

/**
 * Starts etcd, kube-apiserver, kube-controller-manager and kube-scheduler (Kubernetes 1.20) on
 * 127.0.0.1 with TLS and static tokens in a fresh temp folder, and resolves once the API server is
 * ready and pods can be created. If any step fails, whatever started is stopped and the folder removed.
 */
export async function startControlPlane(
  options: StartControlPlaneOptions = {},
): Promise<RunningControlPlane> {
  const binaries = options.binaries ?? kubeBinaries();
  assertBinariesPresent(binaries);
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), 'winshift-kube-'));
  const started: Managed[] = [];
  const stop = async (): Promise<void> => {
    for (const component of started.splice(0).reverse()) await component.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const timings = { ...LARGE_NODE_TIMINGS, ...options.nodeTimings };
    await mkdir(path.join(dir, 'flexvolume'));
    const certs = await makeControlPlaneCerts(dir, options.extraDnsNames);
    const caPem = await readFile(certs.caCert, 'utf8');
    const layout: RunLayout = {
      dir,
      etcdClientPort: await freePort(),
      etcdPeerPort: await freePort(),
      apiserverPort: await freePort(),
      certs,
      tokenFile: path.join(dir, 'tokens.csv'),
      controllerManagerKubeconfig: path.join(dir, 'controller-manager.kubeconfig'),
      schedulerKubeconfig: path.join(dir, 'scheduler.kubeconfig'),
    };
    const server = `https://127.0.0.1:${layout.apiserverPort}`;
    const name = options.clusterName ?? 'winshift-sandbox';
    const tokens = { admin: newToken(), controllerManager: newToken(), scheduler: newToken() };
    const lines = [
      tokenLine(tokens.admin, 'winshift-admin', ['system:masters']),
      // Controllers run with their own identity in system:masters: simpler than per-controller
      // service account credentials, and irrelevant to what the sandbox tests.
      tokenLine(tokens.controllerManager, 'system:kube-controller-manager', ['system:masters']),
      tokenLine(tokens.scheduler, 'system:kube-scheduler', ['system:masters']),
      ...(options.extraTokens ?? []).map((extra) =>
        tokenLine(extra.token, extra.user, extra.groups ?? ['system:masters']),
      ),
    ];
    await writeFile(layout.tokenFile, lines.join('\n') + '\n', { mode: 0o600 });
    const kubeconfigFor = (user: string, token: string): string =>
      kubeconfigYaml({ server, caPem, token, user, name });
    await writeFile(
      layout.controllerManagerKubeconfig,
      kubeconfigFor('controller-manager', tokens.controllerManager),
    );
    await writeFile(layout.schedulerKubeconfig, kubeconfigFor('scheduler', tokens.scheduler));
    const kubeconfigPath = path.join(dir, 'kubeconfig.yaml');
    await writeFile(kubeconfigPath, kubeconfigFor('winshift-admin', tokens.admin), { mode: 0o600 });

    const log = (file: string): string => path.join(dir, `${file}.log`);
    const launch = (component: string, command: string, args: string[]): void => {
      started.push(startManaged(component, command, args, log(component)));
    };
    const anyExit = (): Promise<never> => {
      const exit = Promise.race(started.map((component) => component.exitedEarly));
      exit.catch(() => undefined);
      return exit;
    };
    const deadline = Date.now() + (options.startTimeoutInMs ?? 90_000);
    const target = { server, caPem, token: tokens.admin };
    launch('etcd', binaries.etcd, etcdArgs(layout));
    launch('kube-apiserver', binaries.apiserver, apiserverArgs(layout));
    await pollUntil(
      `API server ${server} ready`,
      () => apiReady(target),
      deadline - Date.now(),
      anyExit(),
    );
    // The controller manager exits when the API server is not healthy within 10 s of its own start,
    // which a busy machine can exceed: start the controllers once the API server is ready.
    launch(
      'kube-controller-manager',
      binaries.controllerManager,
      controllerManagerArgs(layout, timings),
    );
    launch('kube-scheduler', binaries.scheduler, schedulerArgs(layout));
    await pollUntil(
      'the default service account token (controllers running)',
      () => defaultServiceAccountReady(target),
      deadline - Date.now(),
      anyExit(),
    );
    return {
      kubeconfigPath,
      server,
      caPem,
      token: tokens.admin,
      runDir: dir,
      pids: started.map((component) => component.pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
