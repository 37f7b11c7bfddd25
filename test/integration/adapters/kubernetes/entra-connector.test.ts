import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { AppsV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import {
  AKS_ENTRA_SCOPE,
  createKubernetesConnector,
} from '../../../../src/adapters/kubernetes/index.js';
import type { AksPort, ClusterFacts } from '../../../../src/ports/azure.js';
import type { WorkloadRef } from '../../../../src/ports/kubernetes.js';
import { clusterUserKubeconfig } from '../../../../src/sandbox/arm/routes/kubeconfig.js';
import type { ClusterState } from '../../../../src/sandbox/state/model.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

const CLUSTER_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-entra';
const MINUTE = 60_000;

/** What AKS's listClusterUserCredentials returns for an Entra ID cluster (the sandbox's ARM form). */
function entraKubeconfig(): string {
  const cluster = testKubeConfig().getCurrentCluster();
  const state = { name: 'aks-entra', resourceGroup: 'rg', aadEnabled: true } as ClusterState;
  return clusterUserKubeconfig(
    state,
    {
      server: cluster?.server ?? '',
      caPem: Buffer.from(cluster?.caData ?? '', 'base64').toString('utf8'),
    },
    '00000000-0000-0000-0000-0000000000aa',
  );
}

function fakeAks(
  kubeconfig: string,
  aadEnabled: boolean,
): Pick<AksPort, 'getUserKubeconfig' | 'getCluster'> & { calls: number } {
  const facts: ClusterFacts = {
    resourceId: CLUSTER_ID,
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg',
    name: 'aks-entra',
    location: 'westeurope',
    kubernetesVersion: '1.31.10',
    nodeResourceGroup: 'MC_rg_aks-entra_westeurope',
    aadEnabled,
    privateCluster: false,
    restrictionLevel: 'Unrestricted',
    pools: [],
  };
  const fake = {
    calls: 0,
    getUserKubeconfig: () => {
      fake.calls++;
      return Promise.resolve(kubeconfig);
    },
    getCluster: () => Promise.resolve(facts),
  };
  return fake;
}

/** A credential handing out `token`, valid for an hour of the test's clock, counting requests. */
function fakeCredential(
  token: string,
  clock: { now: number },
): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: (scope) => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      const accessToken: AccessToken = { token, expiresOnTimestamp: clock.now + 60 * MINUTE };
      return Promise.resolve(accessToken);
    },
  };
}

describe('Kubernetes connector: an Entra ID cluster through a refreshed token', () => {
  const admin = testKubeConfig();
  const namespace = uniqueNamespace('adapter-entra');
  const entraToken = process.env.WINSHIFT_TEST_KUBE_ENTRA_TOKEN ?? '';
  const entraUser = process.env.WINSHIFT_TEST_KUBE_ENTRA_USER ?? '';
  const web: WorkloadRef = { kind: 'Deployment', namespace, name: 'web' };

  beforeAll(async () => {
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // Rights in this namespace only: other files check that the shared Entra user cannot list nodes.
    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'reader' },
        rules: [
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: entraUser }],
      },
    });
    await admin.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              nodeSelector: { 'winshift.io/test-pool': 'none' },
              containers: [{ name: 'web', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }],
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await admin.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  });

  it('uses the credential token for the AKS scope in place of kubelogin, and refreshes it before expiry', async () => {
    const clock = { now: Date.now() };
    const credential = fakeCredential(entraToken, clock);
    const aks = fakeAks(entraKubeconfig(), true);
    const connector = createKubernetesConnector({ aks, credential, now: () => clock.now });
    const port = await connector.connect(CLUSTER_ID);
    // The RoleBinding takes a moment to reach the authorizer's cache.
    const pods = await eventually('the Entra user to list the pods', async () => {
      const list = await port.listWorkloadPods(web).catch(() => undefined);
      return list && list.length === 1 ? list : undefined;
    });
    expect(pods[0]?.labels).toEqual(expect.objectContaining({ app: 'web' }));
    const fetched = credential.scopes.length;
    expect(credential.scopes.every((s) => s === AKS_ENTRA_SCOPE)).toBe(true);
    await port.getWorkload(web);
    expect(credential.scopes).toHaveLength(fetched); // the cached token served

    await expect(connector.connect(CLUSTER_ID.toUpperCase())).resolves.toBe(port);
    expect(aks.calls).toBe(1);

    // RBAC decides, as on a real Entra ID cluster with Kubernetes RBAC.
    await expect(port.listNodes()).rejects.toMatchObject({ code: 'FORBIDDEN' });

    clock.now += 56 * MINUTE; // within five minutes of expiry
    await expect(port.getWorkload(web)).resolves.toMatchObject(web);
    expect(credential.scopes.length).toBeGreaterThan(fetched);

    // One port per cluster for a few minutes, then the kubeconfig is asked for again.
    const later = await connector.connect(CLUSTER_ID.toUpperCase());
    expect(later).not.toBe(port);
    expect(aks.calls).toBe(2);
  });

  it('fails with UNAUTHORIZED when the API server refuses the token', async () => {
    const clock = { now: Date.now() };
    const connector = createKubernetesConnector({
      aks: fakeAks(entraKubeconfig(), true),
      credential: fakeCredential('not-a-valid-token', clock),
    });
    const port = await connector.connect(CLUSTER_ID);
    await expect(port.getWorkload(web)).rejects.toMatchObject({
      name: 'WinshiftError',
      code: 'UNAUTHORIZED',
    });
  });

  it('keeps a local-account kubeconfig as it is and never asks the credential', async () => {
    const clock = { now: Date.now() };
    const credential = fakeCredential('unused', clock);
    const connector = createKubernetesConnector({
      aks: fakeAks(admin.exportConfig(), false),
      credential,
    });
    const port = await connector.connect(CLUSTER_ID);
    await expect(port.listNodes()).resolves.toBeDefined();
    expect(credential.scopes).toEqual([]);
  });
});
