import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import {
  DEFAULT_WINSHIFT_PRINCIPAL_ID,
  startSandbox,
  type RunningSandbox,
} from '../../../src/sandbox/index.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { withToken } from './kube-token.js';

// An Entra ID cluster on a control plane the sandbox starts itself (as `npm run sandbox` does).
const SUB = '00000000-0000-0000-0000-00000000e1a0';
const RG = 'rg-entra';
const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

describe('startSandbox: an Entra ID cluster on its own control plane', () => {
  let sandbox: RunningSandbox;
  let userKubeconfig: string;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .cluster(RG, {
        name: 'aks-entra',
        kubernetesVersion: '1.31.10',
        aadEnabled: true,
        pools: [
          { name: 'system', osType: 'Linux', mode: 'System', count: 1 },
          { name: 'win22', osType: 'Windows', osSKU: 'Windows2022', count: 1 },
        ],
        kubernetes: {
          objects: [
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name: 'winshift-view' },
              roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
              subjects: [
                {
                  apiGroup: 'rbac.authorization.k8s.io',
                  kind: 'User',
                  name: DEFAULT_WINSHIFT_PRINCIPAL_ID,
                },
              ],
            },
          ],
        },
      })
      .build();
    sandbox = await startSandbox({ scenario });
    const aks = new ContainerServiceClient(sandbox.winshiftCredential, SUB, {
      httpClient: sandbox.arm.transport.httpClient,
    });
    const credentials = await aks.managedClusters.listClusterUserCredentials(RG, 'aks-entra');
    userKubeconfig = Buffer.from(credentials.kubeconfigs?.[0]?.value ?? []).toString('utf8');
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('hands out a kubelogin exec user, as AKS does for Entra clusters', () => {
    const config = parse(userKubeconfig) as {
      users: { user: { exec?: { command: string; args: string[] } } }[];
    };
    const exec = config.users[0]?.user.exec;
    expect(exec?.command).toBe('kubelogin');
    expect(exec?.args).toEqual(
      expect.arrayContaining(['--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630']),
    );
  });

  it('accepts the token winshift gets for the AKS scope, with the rights the scenario binds', async () => {
    const token = await sandbox.winshiftCredential.getToken(AKS_SCOPE);
    expect(token?.token).toBe(sandbox.settings.WINSHIFT_SANDBOX_TOKEN);
    const base = new KubeConfig();
    base.loadFromString(userKubeconfig);
    const core = withToken(base, token?.token ?? '').makeApiClient(CoreV1Api);
    const nodes = await core.listNode().catch((error: unknown) => error);
    // `view` does not cover nodes: a real RBAC decision, not a blanket accept.
    expect(nodes).toMatchObject({ code: 403 });
    const pods = await core.listNamespacedPod({ namespace: 'kube-system' });
    expect(pods.items).toBeDefined();
    await expect(
      core.createNamespace({ body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });
    const stranger = withToken(base, 'sandbox:00000000-0000-4000-a000-000000000000').makeApiClient(
      CoreV1Api,
    );
    await expect(stranger.listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it('registered the pools as nodes and stops without leaving anything behind', async () => {
    const admin = sandbox.cluster('aks-entra');
    const nodes = await admin.kubeConfig.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((node) => node.metadata?.name)).toContain('akswin22000000');
    const server = admin.kubeConfig.getCurrentCluster()?.server ?? '';
    const runDir = sandbox.runDir;
    await sandbox.stop();
    expect(existsSync(runDir)).toBe(false);
    await expect(admin.kubeConfig.makeApiClient(CoreV1Api).listNode()).rejects.toThrow();
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });
});
