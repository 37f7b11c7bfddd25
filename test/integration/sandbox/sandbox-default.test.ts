import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  createMappedTransport,
  createStaticTokenCredential,
  parseHostMapSetting,
} from '../../../src/adapters/connect/index.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
  type SandboxScenario,
} from '../../../src/sandbox/index.js';
import { eventually } from '../../support/kube-service.js';

// The default scenario on the suite's shared control plane, driven only through the real clients.
const SUB = '6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
const RG = 'rg-payments';
const CLUSTER = 'aks-payments';
const ACR = 'contosopayments.azurecr.io';
const LEGACY = `${ACR}/payments/legacy-batch:1.0-ltsc2019`;
const FAST = { updateIntervalInMs: 20 };

/** The default scenario plus an image that exists only for Windows Server 2019. */
function withLegacyImage(scenario: SandboxScenario): SandboxScenario {
  return {
    ...scenario,
    registries: (scenario.registries ?? []).map((registry) =>
      registry.host === ACR
        ? {
            ...registry,
            images: [
              ...registry.images,
              {
                repository: 'payments/legacy-batch',
                tag: '1.0-ltsc2019',
                variants: [
                  { os: 'windows', osVersion: '10.0.17763.6893', sizeBytes: 2_500_000_000 },
                ],
              },
            ],
          }
        : registry,
    ),
  };
}

const isReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('startSandbox: the default scenario on a real control plane', () => {
  let sandbox: RunningSandbox;
  let kubeConfig: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let aks: ContainerServiceClient;

  beforeAll(async () => {
    const kubeconfigPath = process.env.WINSHIFT_TEST_KUBECONFIG;
    if (!kubeconfigPath) throw new Error('WINSHIFT_TEST_KUBECONFIG is not set: run through jest');
    sandbox = await startSandbox({
      scenario: withLegacyImage(await loadScenarioFile(DEFAULT_SCENARIO_FILE)),
      controlPlane: { kubeconfigPath },
      latency: {
        poolProvisioningMs: 200,
        poolDeletionMs: 200,
        lroRetryAfterSeconds: 0,
        containerStartMs: 100,
      },
    });
    // Reach the sandbox exactly as winshift will: from its settings alone.
    const { hostMap, problems } = parseHostMapSetting(sandbox.settings.WINSHIFT_SANDBOX_HOST_MAP);
    expect(problems).toEqual([]);
    const transport = createMappedTransport(
      hostMap,
      await readFile(sandbox.settings.WINSHIFT_SANDBOX_CA_FILE, 'utf8'),
    );
    const credential = createStaticTokenCredential({
      token: sandbox.settings.WINSHIFT_SANDBOX_TOKEN,
      environment: {},
    });
    aks = new ContainerServiceClient(credential, SUB, { httpClient: transport.httpClient });
    const credentials = await aks.managedClusters.listClusterUserCredentials(RG, CLUSTER);
    const kubeconfig = credentials.kubeconfigs?.[0]?.value;
    if (!kubeconfig) throw new Error('no kubeconfig in listClusterUserCredentials');
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(Buffer.from(kubeconfig).toString('utf8'));
    core = kubeConfig.makeApiClient(CoreV1Api);
    apps = kubeConfig.makeApiClient(AppsV1Api);
  }, 300_000); // may wait for the shared control plane's lease
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('gives the settings winshift reads in sandbox mode', () => {
    expect(sandbox.settings).toEqual({
      WINSHIFT_SANDBOX_HOST_MAP: expect.stringContaining('"management.azure.com":"127.0.0.1:'),
      WINSHIFT_SANDBOX_CA_FILE: sandbox.caFile,
      WINSHIFT_SANDBOX_TOKEN: 'sandbox:3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70',
      WINSHIFT_SUBSCRIPTIONS: SUB,
      WINSHIFT_PRINCIPAL_ID: '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70',
      WINSHIFT_REGISTRY_ALLOW: `mcr.microsoft.com,${ACR}`,
      WINSHIFT_EVENTS_TOPIC_ENDPOINT:
        'https://winshift-events.westeurope-1.eventgrid.azure.net/api/events',
      WINSHIFT_SANDBOX_AUDIENCE_TOKENS: expect.any(String),
    });
    // winshift's Event Grid token: app-only, for Event Grid's audience, from the sandbox's tenant.
    const tokens = JSON.parse(sandbox.settings.WINSHIFT_SANDBOX_AUDIENCE_TOKENS) as Record<
      string,
      string
    >;
    expect(Object.keys(tokens)).toEqual(['https://eventgrid.azure.net']);
    const verified = sandbox.arm.entra.verify(
      tokens['https://eventgrid.azure.net'] ?? '',
      'https://eventgrid.azure.net',
    );
    expect(verified).toMatchObject({
      ok: true,
      claims: { oid: '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70', idtyp: 'app' },
    });
    expect(JSON.parse(sandbox.settings.WINSHIFT_SANDBOX_HOST_MAP)).toMatchObject({
      '*.vault.azure.net': `127.0.0.1:${sandbox.arm.port}`,
      [ACR]: `127.0.0.1:${sandbox.arm.port}`,
      'mcr.microsoft.com': `127.0.0.1:${sandbox.arm.port}`,
    });
    expect(Object.keys(sandbox.clusters)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}`,
    ]);
  });

  it('runs every workload of the scenario Ready on the win19 nodes', async () => {
    const win19 = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=win19' });
    expect(win19.items.map((node) => node.metadata?.name).sort()).toEqual([
      'akswin19000000',
      'akswin19000001',
      'akswin19000002',
    ]);
    expect(win19.items[0]?.metadata?.labels).toMatchObject({
      'kubernetes.azure.com/os-sku': 'Windows2019',
      'node.kubernetes.io/windows-build': '10.0.17763',
      team: 'payments',
    });
    await eventually('every Deployment available', async () => {
      const list = await apps.listNamespacedDeployment({ namespace: 'payments' });
      const names = list.items.map((d) => d.metadata?.name).sort();
      expect(names).toEqual(['invoice-web', 'payments-api', 'payroll', 'report-renderer']);
      return list.items.every((d) => d.status?.availableReplicas === d.spec?.replicas)
        ? true
        : undefined;
    });
    await eventually('the StatefulSet ready', async () => {
      const ledger = await apps.readNamespacedStatefulSet({
        name: 'ledger',
        namespace: 'payments',
      });
      return ledger.status?.readyReplicas === 2 ? true : undefined;
    });
    await eventually('the DaemonSet on the three 2019 nodes', async () => {
      const agent = await apps.readNamespacedDaemonSet({
        name: 'log-agent',
        namespace: 'monitoring',
      });
      return agent.status?.numberAvailable === 3 && agent.status.desiredNumberScheduled === 3
        ? true
        : undefined;
    });
    const names = new Set(win19.items.map((node) => node.metadata?.name));
    const pods = [
      ...(await core.listNamespacedPod({ namespace: 'payments' })).items,
      ...(await core.listNamespacedPod({ namespace: 'monitoring' })).items,
    ];
    expect(pods).toHaveLength(14);
    for (const pod of pods) {
      expect(names.has(pod.spec?.nodeName)).toBe(true);
      expect(isReady(pod)).toBe(true);
    }
    const payroll = pods.find((pod) => pod.metadata?.name?.startsWith('payroll-'));
    expect(payroll?.spec?.securityContext?.windowsOptions?.gmsaCredentialSpecName).toBe(
      'payroll-gmsa',
    );
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    const spec = await objects.read({
      apiVersion: 'windows.k8s.io/v1',
      kind: 'GMSACredentialSpec',
      metadata: { name: 'payroll-gmsa' },
    });
    expect(JSON.stringify(spec)).toContain(
      'SecretUri=https://kv-payments-gmsa.vault.azure.net/secrets/gmsa-payroll',
    );
    // Written as policy/v1 for AKS; Kubernetes 1.20 serves it as policy/v1beta1.
    const pdb = await objects.read({
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'payments-api', namespace: 'payments' },
    });
    expect(pdb).toMatchObject({ spec: { minAvailable: 2 } });
  });

  it('registers AKS nodes for a Windows2022 pool created through the SDK LRO, and a patched Deployment rolls onto them', async () => {
    const pool = await aks.agentPools.beginCreateOrUpdateAndWait(
      RG,
      CLUSTER,
      'win22',
      {
        osType: 'Windows',
        osSKU: 'Windows2022',
        count: 2,
        vmSize: 'Standard_D8s_v5',
        mode: 'User',
      },
      FAST,
    );
    expect(pool.provisioningState).toBe('Succeeded');
    const nodes = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=win22' });
    expect(nodes.items.map((node) => node.metadata?.name).sort()).toEqual([
      'akswin22000000',
      'akswin22000001',
    ]);
    for (const node of nodes.items) {
      expect(node.metadata?.labels).toMatchObject({
        'kubernetes.io/os': 'windows',
        'kubernetes.azure.com/os-sku': 'Windows2022',
        'kubernetes.azure.com/agentpool': 'win22',
        'node.kubernetes.io/windows-build': '10.0.20348',
        'node.kubernetes.io/instance-type': 'Standard_D8s_v5',
      });
      expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.31.10');
    }

    // What winshift's placement rewrite does: os-sku set, the old pin removed (null), image mapped.
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    await objects.patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'payments-api', namespace: 'payments' },
        spec: {
          template: {
            spec: {
              nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
              affinity: null,
              containers: [{ name: 'api', image: `${ACR}/payments/api:2.4.1-ltsc2022` }],
            },
          },
        },
      } as unknown as V1Deployment,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.StrategicMergePatch,
    );
    await eventually('the rollout to complete', async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'payments-api',
        namespace: 'payments',
      });
      const s = d.status;
      return (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
        s?.updatedReplicas === 3 &&
        s.replicas === 3 &&
        s.availableReplicas === 3
        ? true
        : undefined;
    });
    const pods = await core.listNamespacedPod({
      namespace: 'payments',
      labelSelector: 'app=payments-api',
    });
    const win22 = new Set(nodes.items.map((node) => node.metadata?.name));
    const running = pods.items.filter((pod) => !pod.metadata?.deletionTimestamp);
    expect(running).toHaveLength(3);
    for (const pod of running) {
      expect(win22.has(pod.spec?.nodeName)).toBe(true);
      expect(isReady(pod)).toBe(true);
      expect(pod.spec?.containers[0]?.image).toBe(`${ACR}/payments/api:2.4.1-ltsc2022`);
    }
  });

  it('never readies an image that exists only for ltsc2019 on a Windows2022 node', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'payments',
      body: {
        metadata: { name: 'legacy-batch' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'legacy-batch' } },
          template: {
            metadata: { labels: { app: 'legacy-batch' } },
            spec: {
              nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
              containers: [{ name: 'batch', image: LEGACY }],
            },
          },
        },
      },
    });
    const reasons = new Set<string>();
    await eventually(
      'the container to be restarted at least twice, never Ready',
      async () => {
        const [pod] = (
          await core.listNamespacedPod({ namespace: 'payments', labelSelector: 'app=legacy-batch' })
        ).items;
        expect(pod && isReady(pod)).toBe(false);
        const status = pod?.status?.containerStatuses?.[0];
        const reason = status?.state?.waiting?.reason;
        if (reason) reasons.add(reason);
        return (status?.restartCount ?? 0) >= 2 ? true : undefined;
      },
      30_000,
      100,
    );
    expect(reasons).toContain('CrashLoopBackOff');
    await apps.deleteNamespacedDeployment({ name: 'legacy-batch', namespace: 'payments' });
  });

  it('removes the nodes of a pool deleted through the SDK LRO, and their pods', async () => {
    await aks.agentPools.beginDeleteAndWait(RG, CLUSTER, 'win22', FAST);
    const nodes = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=win22' });
    expect(nodes.items).toEqual([]);
    await expect(aks.agentPools.get(RG, CLUSTER, 'win22')).rejects.toMatchObject({
      statusCode: 404,
    });
    const pods = await core.listNamespacedPod({
      namespace: 'payments',
      labelSelector: 'app=payments-api',
    });
    for (const pod of pods.items) expect(pod.spec?.nodeName ?? '').not.toMatch(/^akswin22/);
    expect(sandbox.cluster(CLUSTER).nodes.nodesOf('win22')).toEqual([]);
  });
});
