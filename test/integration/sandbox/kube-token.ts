import { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig for the current cluster of `base` that authenticates with a bearer token instead. */
export function withToken(base: KubeConfig, token: string): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'token-user', token }],
    contexts: [{ name: 'token-user', cluster: cluster.name, user: 'token-user' }],
    currentContext: 'token-user',
  });
  return kubeConfig;
}
