import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import type { PodInfo } from '../../../../src/ports/kubernetes.js';
import {
  acquireControlPlaneLease,
  type ControlPlaneLease,
} from '../../../../src/sandbox/cluster/lease.js';
import { InMemoryImageCatalog } from '../../../../src/sandbox/kube/image-catalog.js';
import { NodeAgent } from '../../../../src/sandbox/kube/node-agent.js';
import { NodeSimulator } from '../../../../src/sandbox/kube/nodes.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

const MB = 1024 * 1024;
const POOL = 'adp19';
const IIS19 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';
const NANO19 = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';
const ONLY22 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const v2019 = { os: 'windows', osVersion: '10.0.17763.6414', sizeBytes: 50 * MB } as const;
const images = new InMemoryImageCatalog({
  [IIS19]: [v2019],
  [NANO19]: [v2019],
  // A multi-platform index with no 2019 variant: the pull fails on a Windows2019 node.
  [ONLY22]: [
    { os: 'windows', osVersion: '10.0.20348.2762', sizeBytes: 50 * MB },
    { os: 'linux', sizeBytes: 50 * MB },
  ],
});

describe('Kubernetes adapter: nodes, pods, cordon and evictions with simulated Windows nodes', () => {
  const kubeConfig = testKubeConfig();
  const port = createKubernetesPort(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const simulator = new NodeSimulator(kubeConfig);
  const agent = new NodeAgent(kubeConfig, simulator, images, {
    pullBytesPerSecond: 1000 * MB,
    startDelayInMs: 50,
    gracePeriodScale: 0.02,
    backoffScale: 0.02,
  });
  const namespace = uniqueNamespace('adapter-pods');
  const nodeNames = [`aks${POOL}000000`, `aks${POOL}000001`];
  const pdb = {
    apiVersion: 'policy/v1beta1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace },
  };
  let lease: ControlPlaneLease | undefined;

  const webPods = async (): Promise<PodInfo[]> =>
    (await port.listPodsOnNodes(nodeNames)).filter(
      (p) => p.namespace === namespace && p.labels['app'] === 'web',
    );

  beforeAll(async () => {
    // Nodes are cluster-wide: take turns with the other node-creating files on the shared control plane.
    lease = await acquireControlPlaneLease(process.env.WINSHIFT_TEST_KUBECONFIG ?? '');
    await agent.start();
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await simulator.addPool({
      name: POOL,
      osType: 'Windows',
      osSku: 'Windows2019',
      vmSize: 'Standard_D4s_v3',
      mode: 'User',
      count: 2,
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              nodeSelector: { agentpool: POOL },
              securityContext: { windowsOptions: { gmsaCredentialSpecName: 'payroll-gmsa' } },
              initContainers: [{ name: 'setup', image: NANO19 }],
              containers: [{ name: 'iis', image: IIS19 }],
              volumes: [{ name: 'scratch', emptyDir: {} }],
            },
          },
        },
      },
    });
    await eventually('2 available web replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
  }, 300_000); // may wait for the shared control plane's lease
  afterAll(async () => {
    await simulator.removePool(POOL);
    simulator.stop();
    await agent.stop();
    await core.deleteNamespace({ name: namespace });
    await lease?.release();
  });

  it('lists nodes by label selector as NodeInfo', async () => {
    const nodes = await port.listNodes(`kubernetes.azure.com/agentpool=${POOL}`);
    expect(nodes.map((n) => n.name).sort()).toEqual(nodeNames);
    for (const node of nodes) {
      expect(node).toMatchObject({ ready: true, unschedulable: false });
      expect(node.labels['kubernetes.azure.com/os-sku']).toBe('Windows2019');
    }
    await expect(port.listNodes('kubernetes.azure.com/agentpool=nopool')).resolves.toEqual([]);
  });

  it('lists the pods on given nodes, mapped to PodInfo', async () => {
    const pods = await webPods();
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(nodeNames).toContain(pod.nodeName);
      expect(pod).toMatchObject({
        phase: 'Running',
        ready: true,
        initialized: true,
        deleting: false,
        containers: [{ name: 'iis', image: IIS19 }],
        initContainers: [{ name: 'setup', image: NANO19 }],
        volumes: expect.arrayContaining([{ name: 'scratch', emptyDir: {} }]),
        gmsaCredentialSpecNames: ['payroll-gmsa'],
      });
      expect(pod.waitingReason).toBeUndefined();
      expect(pod.ownerReferences).toEqual([
        { kind: 'ReplicaSet', name: expect.stringMatching(/^web-/), controller: true },
      ]);
    }
    await expect(port.listPodsOnNodes([])).resolves.toEqual([]);
  });

  it("reports a waiting container's reason (an image without a variant for the node)", async () => {
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'wrong-build' },
        spec: { nodeName: nodeNames[0], containers: [{ name: 'app', image: ONLY22 }] },
      },
    });
    const pod = await eventually('a pull error', async () => {
      const found = (await port.listPodsOnNodes([nodeNames[0] ?? ''])).find(
        (p) => p.name === 'wrong-build',
      );
      return found?.waitingReason?.includes('Pull') ? found : undefined;
    });
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(pod.waitingReason);
    expect(pod.ready).toBe(false);
    expect(pod.ownerReferences).toEqual([]);
    await port.deletePod(namespace, 'wrong-build', 0);
  });

  it('cordons and uncordons a node', async () => {
    const name = nodeNames[1] ?? '';
    await port.setUnschedulable(name, true);
    const cordoned = await port.listNodes(`kubernetes.io/hostname=${name}`);
    expect(cordoned).toMatchObject([{ name, unschedulable: true }]);
    await port.setUnschedulable(name, true); // repeated: still cordoned, no error
    await port.setUnschedulable(name, false);
    const uncordoned = await port.listNodes(`kubernetes.io/hostname=${name}`);
    expect(uncordoned).toMatchObject([{ name, unschedulable: false }]);
    await expect(port.setUnschedulable('no-such-node', true)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('returns blocked when a policy/v1beta1 PDB refuses, then evicts once it is gone', async () => {
    await objects.create({
      ...pdb,
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
    await eventually('the PDB to see both pods healthy', async () => {
      const read = (await objects.read(pdb)) as { status?: { currentHealthy?: number } };
      return read.status?.currentHealthy === 2 ? read : undefined;
    });
    const [victim] = await webPods();
    const name = victim?.name ?? '';
    // A policy/v1 Eviction would be a 400 on this 1.20 server: the port asked discovery first.
    const blocked = await port.evictPod(namespace, name);
    expect(blocked).toEqual({
      outcome: 'blocked',
      message: expect.stringMatching(/disruption budget/),
    });

    await objects.delete(pdb);
    const evicted = await eventually('an eviction without the PDB', async () => {
      const result = await port.evictPod(namespace, name);
      return result.outcome === 'evicted' ? result : undefined;
    });
    expect(evicted).toEqual({ outcome: 'evicted' });
    const terminating = (await webPods()).find((p) => p.name === name);
    // Gone already, or still Terminating for its (scaled) grace period.
    if (terminating) expect(terminating.deleting).toBe(true);
    await eventually('the evicted pod to be gone', async () =>
      (await webPods()).some((p) => p.name === name) ? undefined : true,
    );
    await expect(port.evictPod(namespace, name)).resolves.toEqual({ outcome: 'gone' });
  });

  it('deletes a pod with a grace period', async () => {
    const [pod] = (await webPods()).filter((p) => !p.deleting);
    await port.deletePod(namespace, pod?.name ?? '', 30);
    const after = (await webPods()).find((p) => p.name === pod?.name);
    if (after) expect(after.deleting).toBe(true);
    await port.deletePod(namespace, pod?.name ?? '', 30); // repeated while terminating or gone
  });
});
