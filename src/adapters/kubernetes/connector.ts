/**
 * `KubernetesConnector`: a cluster's kubeconfig from ARM (cluster-user credentials), the Entra ID
 * token swapped in where the cluster uses Entra ID, and one port per cluster kept for a few minutes
 * so a burst of activities does not fetch the kubeconfig again each time (it can be rotated, so not
 * for long).
 */
import type { TokenCredential } from '@azure/core-auth';
import { KubeConfig } from '@kubernetes/client-node';
import { WinshiftError } from '../../domain/errors.js';
import type { AksPort } from '../../ports/azure.js';
import type { KubernetesConnector, KubernetesPort } from '../../ports/kubernetes.js';
import { createTokenSource, isEntraUser, withEntraToken, type TokenSource } from './entra-auth.js';
import { createKubernetesPort, type KubernetesPortOptions } from './port.js';

export const DEFAULT_PORT_CACHE_IN_MS = 5 * 60_000;

export interface KubernetesConnectorOptions {
  readonly aks: Pick<AksPort, 'getUserKubeconfig' | 'getCluster'>;
  readonly credential: TokenCredential;
  readonly cacheInMs?: number;
  readonly port?: KubernetesPortOptions;
  readonly now?: () => number;
}

/** The kubeconfig as winshift uses it: the ARM one, or its Entra ID-token variant. */
export function clusterKubeConfig(
  kubeconfigText: string,
  aadEnabled: boolean,
  tokens: TokenSource,
): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromString(kubeconfigText);
  } catch (error) {
    throw new WinshiftError('INTERNAL', 'the cluster kubeconfig cannot be read', { cause: error });
  }
  return aadEnabled || isEntraUser(kubeConfig.getCurrentUser())
    ? withEntraToken(kubeConfig, tokens)
    : kubeConfig;
}

export function createKubernetesConnector(
  options: KubernetesConnectorOptions,
): KubernetesConnector {
  const { aks, cacheInMs = DEFAULT_PORT_CACHE_IN_MS, now = Date.now } = options;
  // The AKS server application is the same for every cluster: one token serves them all.
  const tokens = createTokenSource(options.credential, undefined, now);
  const cache = new Map<
    string,
    { readonly port: Promise<KubernetesPort>; readonly until: number }
  >();

  const open = async (clusterResourceId: string): Promise<KubernetesPort> => {
    const [kubeconfigText, cluster] = await Promise.all([
      aks.getUserKubeconfig(clusterResourceId),
      aks.getCluster(clusterResourceId),
    ]);
    return createKubernetesPort(
      clusterKubeConfig(kubeconfigText, cluster.aadEnabled, tokens),
      options.port,
    );
  };

  return {
    connect(clusterResourceId) {
      const key = clusterResourceId.toLowerCase();
      const cached = cache.get(key);
      if (cached && cached.until > now()) return cached.port;
      const port = open(clusterResourceId);
      cache.set(key, { port, until: now() + cacheInMs });
      // A failed connect is not remembered: the next activity asks ARM again.
      port.catch(() => {
        if (cache.get(key)?.port === port) cache.delete(key);
      });
      return port;
    },
  };
}
