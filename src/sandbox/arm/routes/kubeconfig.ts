import { stringify } from 'yaml';
import type { ClusterState } from '../../state/model.js';
import type { ControlPlaneSpec } from '../../state/scenario.js';

/** The AKS Entra server application id (the kubelogin `--server-id`). */
export const AKS_AAD_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
/** The Azure CLI client id kubelogin uses by default. */
const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/**
 * The kubeconfig listClusterUserCredentials returns: the control plane's server and CA, and either
 * its static token (local accounts) or a kubelogin `exec` user (Entra ID), as AKS writes them.
 */
export function clusterUserKubeconfig(
  cluster: ClusterState,
  controlPlane: ControlPlaneSpec,
  tenantId: string,
): string {
  const contextName = cluster.name;
  const userName = `clusterUser_${cluster.resourceGroup}_${cluster.name}`;
  const user = cluster.aadEnabled
    ? {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'kubelogin',
          args: [
            'get-token',
            '--environment',
            'AzurePublicCloud',
            '--server-id',
            AKS_AAD_SERVER_ID,
            '--client-id',
            AZURE_CLI_CLIENT_ID,
            '--tenant-id',
            tenantId,
            '--login',
            'devicecode',
          ],
          env: null,
          interactiveMode: 'IfNeeded',
          provideClusterInfo: false,
        },
      }
    : { token: controlPlane.token ?? '' };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          'certificate-authority-data': Buffer.from(controlPlane.caPem).toString('base64'),
          server: controlPlane.server,
        },
      },
    ],
    contexts: [{ name: contextName, context: { cluster: cluster.name, user: userName } }],
    'current-context': contextName,
    preferences: {},
    users: [{ name: userName, user }],
  });
}
