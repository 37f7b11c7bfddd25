import path from 'node:path';
import type { ControlPlaneCerts } from './certs.js';

/** Ports and files one control plane run uses. */
export interface RunLayout {
  readonly dir: string;
  readonly etcdClientPort: number;
  readonly etcdPeerPort: number;
  readonly apiserverPort: number;
  readonly certs: ControlPlaneCerts;
  readonly tokenFile: string;
  readonly controllerManagerKubeconfig: string;
  readonly schedulerKubeconfig: string;
}

export interface NodeTimings {
  readonly nodeMonitorGracePeriodInSeconds: number;
  readonly nodeStartupGracePeriodInSeconds: number;
  readonly nodeMonitorPeriodInSeconds: number;
}

export function etcdArgs(run: RunLayout): string[] {
  const client = `http://127.0.0.1:${run.etcdClientPort}`;
  const peer = `http://127.0.0.1:${run.etcdPeerPort}`;
  return [
    '--name=winshift',
    `--data-dir=${path.join(run.dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=winshift=${peer}`,
    '--log-level=warn',
  ];
}

export function apiserverArgs(run: RunLayout): string[] {
  const { certs } = run;
  return [
    `--etcd-servers=http://127.0.0.1:${run.etcdClientPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${run.apiserverPort}`,
    '--insecure-port=0',
    `--cert-dir=${path.join(run.dir, 'apiserver-certs')}`,
    `--tls-cert-file=${certs.serverCert}`,
    `--tls-private-key-file=${certs.serverKey}`,
    `--client-ca-file=${certs.caCert}`,
    `--token-auth-file=${run.tokenFile}`,
    '--authorization-mode=RBAC',
    '--anonymous-auth=false',
    `--service-account-key-file=${certs.serviceAccountPub}`,
    `--service-account-signing-key-file=${certs.serviceAccountKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.0.0.0/16',
    '--allow-privileged=true',
    '--profiling=false',
    '--v=1',
  ];
}

export function controllerManagerArgs(run: RunLayout, timings: NodeTimings): string[] {
  const { certs } = run;
  return [
    `--kubeconfig=${run.controllerManagerKubeconfig}`,
    // No serving ports: two control planes (a test's own and the shared one) must not collide.
    '--port=0',
    '--secure-port=0',
    '--leader-elect=false',
    `--service-account-private-key-file=${certs.serviceAccountKey}`,
    `--root-ca-file=${certs.caCert}`,
    `--cluster-signing-cert-file=${certs.caCert}`,
    `--cluster-signing-key-file=${certs.caKey}`,
    `--node-monitor-grace-period=${timings.nodeMonitorGracePeriodInSeconds}s`,
    `--node-startup-grace-period=${timings.nodeStartupGracePeriodInSeconds}s`,
    `--node-monitor-period=${timings.nodeMonitorPeriodInSeconds}s`,
    `--flex-volume-plugin-dir=${path.join(run.dir, 'flexvolume')}`,
    '--profiling=false',
    '--v=1',
  ];
}

export function schedulerArgs(run: RunLayout): string[] {
  return [
    `--kubeconfig=${run.schedulerKubeconfig}`,
    '--port=0',
    '--secure-port=0',
    '--leader-elect=false',
    '--profiling=false',
    '--v=1',
  ];
}
