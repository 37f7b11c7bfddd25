// The Kubernetes adapter: KubernetesPort and KubernetesConnector over @kubernetes/client-node.
export {
  createKubernetesConnector,
  clusterKubeConfig,
  DEFAULT_PORT_CACHE_IN_MS,
  type KubernetesConnectorOptions,
} from './connector.js';
export { createKubernetesPort, type KubernetesPortOptions } from './port.js';
export {
  AKS_ENTRA_SCOPE,
  createTokenSource,
  isEntraUser,
  withEntraToken,
  type TokenSource,
} from './entra-auth.js';
export { DEFAULT_PAUSE_IMAGE } from './daemonset-manifest.js';
export { codeForKubeError, toWinshiftError as kubeErrorToWinshift } from './errors.js';
