import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { SimulatedClusterNodes } from '../../../src/sandbox/kube/cluster-nodes.js';
import { NodeSimulator } from '../../../src/sandbox/kube/nodes.js';
import {
  acquireControlPlaneLease,
  type ControlPlaneLease,
} from '../../../src/sandbox/cluster/lease.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../support/kube-service.js';

// Pool names are unique per test file: every file shares one control plane.
const WIN = 'wn22a';
const SYS = 'sysa';

describe('sandbox: simulated AKS nodes', () => {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const simulator = new NodeSimulator(kubeConfig, {
    placement: { region: 'westeurope', nodeResourceGroup: 'MC_rg_aks_westeurope' },
  });
  const cluster = new SimulatedClusterNodes(simulator);

  let lease: ControlPlaneLease | undefined;

  beforeAll(async () => {
    // Nodes are cluster-wide: take turns with other node-creating files (startSandbox) on the shared control plane.
    lease = await acquireControlPlaneLease(process.env.WINSHIFT_TEST_KUBECONFIG ?? '');
    await cluster.poolCreated({
      name: SYS,
      osType: 'Linux',
      osSku: 'Ubuntu',
      count: 1,
      vmSize: 'Standard_D2s_v3',
      mode: 'System',
    });
    await cluster.poolCreated({
      name: WIN,
      osType: 'Windows',
      osSku: 'Windows2022',
      count: 2,
      vmSize: 'Standard_D4s_v3',
      availabilityZones: ['1', '2'],
      mode: 'User',
      nodeLabels: { team: 'payments' },
      nodeTaints: ['os=windows:NoSchedule'],
      maxPods: 30,
    });
  }, 300_000); // may wait for the shared control plane's lease
  afterAll(async () => {
    await cluster.poolDeleted(WIN);
    await cluster.poolDeleted(SYS);
    simulator.stop();
    await lease?.release();
  });

  it('registers Windows nodes with AKS names, labels, taints, capacity and node info', async () => {
    const nodes = await core.listNode({ labelSelector: `kubernetes.azure.com/agentpool=${WIN}` });
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual([
      `aks${WIN}000000`,
      `aks${WIN}000001`,
    ]);
    const first = nodes.items.find((n) => n.metadata?.name === `aks${WIN}000000`);
    expect(first?.metadata?.labels).toMatchObject({
      'kubernetes.io/os': 'windows',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.azure.com/os-sku': 'Windows2022',
      'kubernetes.azure.com/agentpool': WIN,
      agentpool: WIN,
      'kubernetes.azure.com/mode': 'user',
      'node.kubernetes.io/windows-build': '10.0.20348',
      'node.kubernetes.io/instance-type': 'Standard_D4s_v3',
      'topology.kubernetes.io/zone': 'westeurope-1',
      team: 'payments',
    });
    const second = nodes.items.find((n) => n.metadata?.name === `aks${WIN}000001`);
    expect(second?.metadata?.labels?.['topology.kubernetes.io/zone']).toBe('westeurope-2');
    expect(first?.spec?.taints).toEqual([{ key: 'os', value: 'windows', effect: 'NoSchedule' }]);
    expect(first?.spec?.providerID).toBe(
      `azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MC_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks${WIN}/virtualMachines/0`,
    );
    expect(first?.status?.capacity).toMatchObject({ cpu: '4', memory: '16Gi', pods: '30' });
    expect(first?.status?.allocatable?.pods).toBe('30');
    expect(first?.status?.nodeInfo).toMatchObject({
      operatingSystem: 'windows',
      osImage: 'Windows Server 2022 Datacenter',
      kernelVersion: expect.stringMatching(/^10\.0\.20348\.\d+$/),
    });
    const ready = first?.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');
  });

  it('registers the Linux system pool', async () => {
    const nodes = await core.listNode({ labelSelector: `agentpool=${SYS}` });
    expect(nodes.items).toHaveLength(1);
    const node = nodes.items[0];
    expect(node?.metadata?.name).toMatch(new RegExp(`^aks-${SYS}-\\d{8}-vmss000000$`));
    expect(node?.metadata?.labels).toMatchObject({
      'kubernetes.io/os': 'linux',
      'kubernetes.azure.com/os-sku': 'Ubuntu',
      'kubernetes.azure.com/mode': 'system',
      'topology.kubernetes.io/zone': '0',
    });
    expect(node?.metadata?.labels?.['node.kubernetes.io/windows-build']).toBeUndefined();
    expect(simulator.scaleSetOf(SYS)).toBe(node?.metadata?.name?.replace(/000000$/, ''));
  });

  it('renews each node Lease in kube-node-lease like a kubelet', async () => {
    const leases = kubeConfig.makeApiClient(CoordinationV1Api);
    const lease = await leases.readNamespacedLease({
      name: `aks${WIN}000000`,
      namespace: 'kube-node-lease',
    });
    expect(lease.spec?.holderIdentity).toBe(`aks${WIN}000000`);
    expect(lease.spec?.renewTime).toBeDefined();
  });

  it('lifts the not-ready taint (node lifecycle controller) so pods schedule', async () => {
    const nodes = await core.listNode({ labelSelector: `agentpool=${WIN}` });
    for (const node of nodes.items)
      expect(node.spec?.taints?.map((t) => t.key)).not.toContain('node.kubernetes.io/not-ready');
  });

  it('removes a pool with its nodes, leases and the pods bound to them', async () => {
    const pool = 'wn22b';
    await cluster.poolCreated({
      name: pool,
      osType: 'Windows',
      osSku: 'Windows2019',
      count: 1,
      vmSize: 'Standard_D2s_v3',
      mode: 'User',
    });
    const namespace = uniqueNamespace('nodes');
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              nodeSelector: { agentpool: pool },
              containers: [
                { name: 'web', image: 'mcr.microsoft.com/windows/servercore/iis:ltsc2019' },
              ],
            },
          },
        },
      },
    });
    const bound = await eventually('a pod bound to the pool', async () => {
      const pods = await core.listNamespacedPod({ namespace });
      return pods.items.find((p) => p.spec?.nodeName === `aks${pool}000000`);
    });
    await cluster.poolDeleted(pool);
    await expect(core.readNode({ name: `aks${pool}000000` })).rejects.toMatchObject({ code: 404 });
    await expect(
      core.readNamespacedPod({ name: bound.metadata?.name ?? '', namespace }),
    ).rejects.toMatchObject({ code: 404 });
    expect(simulator.nodesOf(pool)).toEqual([]);
    await core.deleteNamespace({ name: namespace });
  });
});
