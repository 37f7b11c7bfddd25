import { createHash, randomUUID } from 'node:crypto';
import type { V1Node, V1NodeCondition, V1Taint } from '@kubernetes/client-node';
import type { PoolSpec } from './cluster-backend.js';
import type { NodePlatform } from './compatibility.js';
import { nodeResources } from './vm-sizes.js';

/** Where the simulated cluster lives in Azure (labels and providerID only). */
export interface ClusterPlacement {
  readonly region: string;
  readonly subscriptionId: string;
  readonly nodeResourceGroup: string;
}

const WINDOWS: Readonly<Record<string, { build: string; revision: string; image: string }>> = {
  Windows2019: { build: '10.0.17763', revision: '6414', image: 'Windows Server 2019 Datacenter' },
  Windows2022: { build: '10.0.20348', revision: '2762', image: 'Windows Server 2022 Datacenter' },
  Windows2025: { build: '10.0.26100', revision: '2033', image: 'Windows Server 2025 Datacenter' },
};

export function platformOf(pool: PoolSpec): NodePlatform {
  if (pool.osType === 'Linux') return { os: 'linux' };
  const windows = WINDOWS[pool.osSku];
  if (!windows) throw new Error(`unsupported Windows osSku ${pool.osSku} for pool ${pool.name}`);
  return { os: 'windows', windowsBuild: windows.build };
}

/** AKS's scale set name: `aks<pool>` for Windows, `aks-<pool>-<8 digits>-vmss` for Linux. */
export function scaleSetName(pool: PoolSpec): string {
  if (pool.scaleSetName) return pool.scaleSetName;
  if (pool.osType === 'Windows') return `aks${pool.name}`;
  const digits = parseInt(createHash('sha256').update(pool.name).digest('hex').slice(0, 8), 16);
  return `aks-${pool.name}-${String(digits % 1e8).padStart(8, '0')}-vmss`;
}

/**
 * Node (computer) names: `akswin19000000`, `aks-system-12345678-vmss000000` (index in base 36).
 * Windows computer names are at most 15 characters, so Windows nodes use `aks<pool>` whatever the
 * scale set is called (hence AKS's 6-character limit on Windows pool names).
 */
export function nodeName(pool: PoolSpec, index: number): string {
  const prefix = pool.osType === 'Windows' ? `aks${pool.name}` : scaleSetName(pool);
  return `${prefix}${index.toString(36).padStart(6, '0')}`;
}

/** `key=value:Effect` or `key:Effect` -> a Node taint. */
export function parseTaint(text: string): V1Taint {
  const match = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text);
  if (!match?.[1] || !match[3]) throw new Error(`invalid node taint "${text}"`);
  return { key: match[1], ...(match[2] ? { value: match[2] } : {}), effect: match[3] };
}

function zoneOf(pool: PoolSpec, index: number, region: string): string {
  const zones = pool.availabilityZones ?? [];
  const zone = zones[index % Math.max(zones.length, 1)];
  return zone ? `${region}-${zone}` : '0';
}

/** The Node object a freshly provisioned AKS node registers (Ready, with AKS's labels). */
export function buildNode(
  pool: PoolSpec,
  index: number,
  address: string,
  placement: ClusterPlacement,
): V1Node {
  const name = nodeName(pool, index);
  const windows = pool.osType === 'Windows' ? WINDOWS[pool.osSku] : undefined;
  const os = pool.osType === 'Windows' ? 'windows' : 'linux';
  const zone = zoneOf(pool, index, placement.region);
  const version = pool.orchestratorVersion ? `v${pool.orchestratorVersion}` : 'v1.20.2';
  const labels: Record<string, string> = {
    'kubernetes.io/os': os,
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.azure.com/os-sku': pool.osSku,
    'kubernetes.azure.com/agentpool': pool.name,
    agentpool: pool.name,
    'kubernetes.azure.com/mode': pool.mode.toLowerCase(),
    'kubernetes.azure.com/role': 'agent',
    'kubernetes.azure.com/cluster': placement.nodeResourceGroup,
    'node.kubernetes.io/instance-type': pool.vmSize,
    'beta.kubernetes.io/instance-type': pool.vmSize,
    'topology.kubernetes.io/region': placement.region,
    'topology.kubernetes.io/zone': zone,
    'failure-domain.beta.kubernetes.io/region': placement.region,
    'failure-domain.beta.kubernetes.io/zone': zone,
    ...(windows ? { 'node.kubernetes.io/windows-build': windows.build } : {}),
    ...pool.nodeLabels,
  };
  const now = new Date();
  const condition = (
    type: string,
    status: string,
    reason: string,
    message: string,
  ): V1NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  const scaleSet = scaleSetName(pool);
  const node: V1Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: {
      providerID: `azure:///subscriptions/${placement.subscriptionId}/resourceGroups/${placement.nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${index}`,
      taints: (pool.nodeTaints ?? []).map(parseTaint),
    },
    status: {
      ...nodeResources(pool.vmSize, pool.maxPods ?? 30),
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomUUID().replaceAll('-', ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: windows ? `${windows.build}.${windows.revision}` : '5.15.0-1074-azure',
        osImage: windows ? windows.image : 'Ubuntu 22.04.5 LTS',
        containerRuntimeVersion: 'containerd://1.7.20+azure',
        kubeletVersion: version,
        kubeProxyVersion: version,
        operatingSystem: os,
        architecture: 'amd64',
      },
    },
  };
  return node;
}
