import { stringify } from 'yaml';

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly user: string;
  /** The cluster/context name; AKS uses the cluster's name. */
  readonly name: string;
}

/** A kubeconfig with one cluster, one token user and one (current) context. */
export function kubeconfigYaml(input: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.name,
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: input.user, user: { token: input.token } }],
    contexts: [{ name: input.name, context: { cluster: input.name, user: input.user } }],
    'current-context': input.name,
    preferences: {},
  });
}
