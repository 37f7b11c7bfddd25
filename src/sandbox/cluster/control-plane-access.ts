import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { startControlPlane } from '../kube/control-plane.js';
import type { ControlPlaneSpec } from '../state/scenario.js';
import { acquireControlPlaneLease } from './lease.js';

/** A control plane started elsewhere (e.g. the test suite's shared one) that a sandbox may use. */
export interface ExistingControlPlane {
  /** Its admin kubeconfig (server, CA, a system:masters token). */
  readonly kubeconfigPath: string;
  /**
   * Bearer tokens its API server accepts besides the admin's (its token file). An Entra ID cluster
   * needs winshift's `sandbox:<principalId>` among them, since a running API server cannot learn one.
   */
  readonly acceptedTokens?: readonly string[];
}

/** The control plane of one sandbox cluster, with how to give it back. */
export interface ClusterControlPlane {
  readonly kubeconfigPath: string;
  readonly kubeconfigYaml: string;
  readonly kubeConfig: KubeConfig;
  /** What the ARM emulator puts in listClusterUserCredentials' kubeconfig. */
  readonly spec: ControlPlaneSpec;
  /** True when it outlives the sandbox (clean up instead of stopping it). */
  readonly shared: boolean;
  release(): Promise<void>;
}

export interface ControlPlaneRequest {
  readonly clusterName: string;
  readonly runDir: string;
  /** The token winshift presents for Entra ID clusters (undefined for local accounts). */
  readonly entraToken?: { readonly token: string; readonly user: string };
  readonly existing?: ExistingControlPlane;
}

async function loadKubeconfig(
  kubeconfigPath: string,
): Promise<Pick<ClusterControlPlane, 'kubeconfigPath' | 'kubeconfigYaml' | 'kubeConfig'>> {
  const kubeconfigYaml = await readFile(kubeconfigPath, 'utf8');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(kubeconfigYaml);
  return { kubeconfigPath, kubeconfigYaml, kubeConfig };
}

function specOf(kubeConfig: KubeConfig, kubeconfigPath: string): ControlPlaneSpec {
  const cluster = kubeConfig.getCurrentCluster();
  const token = kubeConfig.getCurrentUser()?.token;
  if (!cluster?.caData || !token)
    throw new Error(`${kubeconfigPath} must hold the cluster's CA data and a bearer token`);
  return {
    server: cluster.server,
    caPem: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    token,
  };
}

async function useExisting(
  request: ControlPlaneRequest,
  existing: ExistingControlPlane,
): Promise<ClusterControlPlane> {
  const entra = request.entraToken;
  if (entra && !(existing.acceptedTokens ?? []).includes(entra.token))
    throw new Error(
      `cluster ${request.clusterName} uses Entra ID but the given control plane does not accept winshift's ` +
        `token ${entra.token}: list it in acceptedTokens (its extraTokens at start) or let the sandbox start its own`,
    );
  const lease = await acquireControlPlaneLease(existing.kubeconfigPath);
  try {
    const loaded = await loadKubeconfig(existing.kubeconfigPath);
    return {
      ...loaded,
      spec: specOf(loaded.kubeConfig, existing.kubeconfigPath),
      shared: true,
      release: () => lease.release(),
    };
  } catch (error) {
    await lease.release();
    throw error;
  }
}

/** Takes the given control plane (under its lease) or starts one for the cluster in the run folder. */
export async function obtainControlPlane(
  request: ControlPlaneRequest,
): Promise<ClusterControlPlane> {
  if (request.existing) return useExisting(request, request.existing);
  const entra = request.entraToken;
  const running = await startControlPlane({
    clusterName: request.clusterName,
    parentDir: request.runDir,
    // winshift's identity gets no group: its rights come from the scenario's RBAC objects, as a
    // ClusterRoleBinding for the app's identity would on AKS.
    extraTokens: entra ? [{ token: entra.token, user: entra.user, groups: [] }] : [],
  });
  try {
    return {
      ...(await loadKubeconfig(running.kubeconfigPath)),
      spec: { server: running.server, caPem: running.caPem, token: running.token },
      shared: false,
      release: () => running.stop(),
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
