import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  type V1ContainerStatus,
  type V1Pod,
  type V1PodSpec,
} from '@kubernetes/client-node';
import { InMemoryImageCatalog } from '../../../src/sandbox/kube/image-catalog.js';
import { NodeAgent } from '../../../src/sandbox/kube/node-agent.js';
import { NodeSimulator } from '../../../src/sandbox/kube/nodes.js';
import {
  acquireControlPlaneLease,
  type ControlPlaneLease,
} from '../../../src/sandbox/cluster/lease.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../support/kube-service.js';

const MB = 1024 * 1024;
const POOL19 = 'wl19';
const POOL22 = 'wl22';
const IIS = 'mcr.microsoft.com/windows/servercore/iis';
const images = new InMemoryImageCatalog({
  // A multi-platform index with 2019 and 2022 variants.
  [`${IIS}:windowsservercore`]: [
    { os: 'windows', osVersion: '10.0.17763.6414', sizeBytes: 200 * MB },
    { os: 'windows', osVersion: '10.0.20348.2762', sizeBytes: 220 * MB },
  ],
  // An index with a 2019 variant only.
  [`${IIS}:ltsc2019-index`]: [
    { os: 'windows', osVersion: '10.0.17763.6414', sizeBytes: 200 * MB },
    { os: 'linux', sizeBytes: 50 * MB },
  ],
  // A single-platform 2019 image (os.version in its config blob).
  'contoso.azurecr.io/legacy-app:1.0': [
    { os: 'windows', osVersion: '10.0.17763.6414', sizeBytes: 300 * MB },
  ],
  'mcr.microsoft.com/windows/nanoserver:ltsc2022': [
    { os: 'windows', osVersion: '10.0.20348.2762', sizeBytes: 120 * MB },
  ],
});

describe('sandbox: the node agent runs pods like a Windows kubelet', () => {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const simulator = new NodeSimulator(kubeConfig);
  const agent = new NodeAgent(kubeConfig, simulator, images, {
    pullBytesPerSecond: 1000 * MB,
    startDelayInMs: 100,
    gracePeriodScale: 0.05,
    backoffScale: 0.02,
  });
  const namespace = uniqueNamespace('workloads');

  let lease: ControlPlaneLease | undefined;

  beforeAll(async () => {
    // Nodes are cluster-wide: take turns with other node-creating files (startSandbox) on the shared control plane.
    lease = await acquireControlPlaneLease(process.env.WINSHIFT_TEST_KUBECONFIG ?? '');
    await agent.start();
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const windows = { osType: 'Windows', vmSize: 'Standard_D4s_v3', mode: 'User' } as const;
    await simulator.addPool({ ...windows, name: POOL19, osSku: 'Windows2019', count: 1 });
    await simulator.addPool({ ...windows, name: POOL22, osSku: 'Windows2022', count: 2 });
  }, 300_000); // may wait for the shared control plane's lease
  afterAll(async () => {
    await simulator.removePool(POOL19);
    await simulator.removePool(POOL22);
    simulator.stop();
    await agent.stop();
    await core.deleteNamespace({ name: namespace });
    await lease?.release();
  });

  const deploy = async (name: string, replicas: number, spec: V1PodSpec): Promise<void> => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec },
        },
      },
    });
  };
  const podsOf = async (app: string): Promise<V1Pod[]> =>
    (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;
  const isReady = (pod: V1Pod): boolean =>
    pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const on2022 = { 'kubernetes.azure.com/os-sku': 'Windows2022', agentpool: POOL22 };

  it('runs a Deployment on the Windows2022 pool and the Deployment becomes available', async () => {
    await deploy('iis', 3, {
      nodeSelector: on2022,
      initContainers: [{ name: 'setup', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }],
      containers: [{ name: 'iis', image: `${IIS}:windowsservercore` }],
    });
    const deployment = await eventually('3 available replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'iis', namespace });
      return d.status?.availableReplicas === 3 ? d : undefined;
    });
    expect(deployment.status?.readyReplicas).toBe(3);
    const pods = await podsOf('iis');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.spec?.nodeName).toMatch(new RegExp(`^aks${POOL22}00000[01]$`));
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.podIP).toMatch(/^10\.244\./);
      expect(pod.status?.containerStatuses?.[0]).toMatchObject({
        ready: true,
        state: { running: {} },
      });
      expect(pod.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
        exitCode: 0,
        reason: 'Completed',
      });
    }
  });

  it('never readies an image without a variant for the node build: ErrImagePull, then ImagePullBackOff', async () => {
    await deploy('no-variant', 1, {
      nodeSelector: on2022,
      containers: [{ name: 'app', image: `${IIS}:ltsc2019-index` }],
    });
    const seen = new Set<string>();
    await eventually(
      'ErrImagePull and ImagePullBackOff',
      async () => {
        const [pod] = await podsOf('no-variant');
        const reason = pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        if (reason) seen.add(reason);
        expect(pod && isReady(pod)).toBe(false);
        return seen.has('ErrImagePull') && seen.has('ImagePullBackOff') ? true : undefined;
      },
      20_000,
      50,
    );
    const [pod] = await podsOf('no-variant');
    expect(pod?.status?.phase).toBe('Pending');
    const waiting = pod?.status?.containerStatuses?.[0]?.state?.waiting;
    expect(waiting?.message).toMatch(/Back-off pulling image|no match for platform in manifest/);
  });

  it('shows CrashLoopBackOff with growing restarts for a single-platform image of another build', async () => {
    await deploy('legacy', 1, {
      nodeSelector: on2022,
      containers: [{ name: 'app', image: 'contoso.azurecr.io/legacy-app:1.0' }],
    });
    const status = await eventually(
      'restartCount >= 3',
      async (): Promise<V1ContainerStatus | undefined> => {
        const [pod] = await podsOf('legacy');
        const container = pod?.status?.containerStatuses?.[0];
        return (container?.restartCount ?? 0) >= 3 ? container : undefined;
      },
    );
    expect(status.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(status.lastState?.terminated?.message).toContain(
      'does not match the host operating system',
    );
    const [pod] = await podsOf('legacy');
    expect(pod && isReady(pod)).toBe(false);
  });

  it('runs the same single-platform image on a Windows2019 node', async () => {
    await deploy('legacy19', 1, {
      nodeSelector: { agentpool: POOL19 },
      containers: [{ name: 'app', image: 'contoso.azurecr.io/legacy-app:1.0' }],
    });
    await eventually('the 2019 pod Ready', async () => {
      const [pod] = await podsOf('legacy19');
      return pod && isReady(pod) ? pod : undefined;
    });
  });

  it('keeps a deleted pod Terminating for its (scaled) grace period, then removes it', async () => {
    const [pod] = await podsOf('iis');
    const name = pod?.metadata?.name ?? '';
    const started = Date.now();
    await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 60 }); // 60 s x 0.05 = 3 s
    const terminating = await core.readNamespacedPod({ name, namespace });
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    await eventually('the pod to be gone', () =>
      core.readNamespacedPod({ name, namespace }).then(
        () => undefined,
        (e: { code?: number }) => (e.code === 404 ? true : undefined),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });

  it('blocks an eviction with a policy/v1beta1 PodDisruptionBudget (429) and rejects a policy/v1 Eviction (400)', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    await objects.create({
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'iis', namespace },
      spec: { minAvailable: 3, selector: { matchLabels: { app: 'iis' } } },
    });
    await eventually('the PDB to observe the pods', async () => {
      const pdb = (await objects.read({
        apiVersion: 'policy/v1beta1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'iis', namespace },
      })) as { status?: { currentHealthy?: number; observedGeneration?: number } };
      return pdb.status?.currentHealthy === 3 ? pdb : undefined;
    });
    const [pod] = await podsOf('iis');
    const name = pod?.metadata?.name ?? '';
    const eviction = (apiVersion: string): Promise<unknown> =>
      core.createNamespacedPodEviction({
        name,
        namespace,
        body: { apiVersion, kind: 'Eviction', metadata: { name, namespace } },
      });
    await expect(eviction('policy/v1beta1')).rejects.toMatchObject({ code: 429 });
    await expect(eviction('policy/v1')).rejects.toMatchObject({ code: 400 });
    await objects.delete({
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'iis', namespace },
    });
    await eventually('an eviction without the PDB', () =>
      eviction('policy/v1beta1').then(
        () => true,
        () => undefined,
      ),
    );
    await eventually('the evicted pod to finish terminating', () =>
      core.readNamespacedPod({ name, namespace }).then(
        () => undefined,
        (e: { code?: number }) => (e.code === 404 ? true : undefined),
      ),
    );
  });
});
