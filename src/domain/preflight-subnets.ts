/**
 * The subnet addresses a new pool's nodes take (issue 13 item 5b). How many per node depends on the
 * cluster's network plugin and the pool's pod subnet (sources in aks-limits.ts and below):
 * - Azure CNI node subnet (`networkPlugin: azure`, no overlay, no `podSubnetID`): every node reserves
 *   its own address and one per pod up front, `maxPods + 1` (https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning:
 *   "(number of nodes + 1) + ((number of nodes + 1) * maximum pods per node that you configure)").
 * - Azure CNI Overlay (`networkPluginMode: overlay`), kubenet and BYO CNI: "your subnet needs to be
 *   large enough to assign IPs to your nodes. Pods are assigned IPs from a separate, private CIDR
 *   range" (same page, "Overlay networks"): one subnet address per node.
 * - Azure CNI pod subnet (`podSubnetID`): one node-subnet address per node; in the pod subnet 16 per
 *   node (dynamic allocation's first batch) or, with `podIPAllocationMode: StaticBlock`, whole /28
 *   blocks for maxPods.
 */
import {
  AZURE_RESERVED_IPS_PER_SUBNET,
  DEFAULT_MAX_PODS,
  POD_SUBNET_BATCH,
  POD_SUBNET_BLOCK,
} from './aks-limits.js';
import type { ClusterFacts } from './azure-facts.js';
import type { AgentPoolSpec } from './pool-spec.js';
import type { PreflightFacts, SubnetInfo } from './preflight-facts.js';
import {
  mergeFindings,
  nodesText,
  unverified,
  type Findings,
  type NewPoolSize,
} from './preflight-size.js';

export interface SubnetDemand {
  readonly subnetId: string;
  readonly perNode: number;
  /** Why that many, for the message. */
  readonly rule: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The subnets the new pool takes addresses from (none for an AKS-managed virtual network). */
export function subnetIdsOf(spec: AgentPoolSpec): string[] {
  return [text(spec['vnetSubnetID']), text(spec['podSubnetID'])].filter(
    (id): id is string => id !== undefined,
  );
}

/** Addresses per node in each subnet of the pool. */
export function subnetDemands(
  spec: AgentPoolSpec,
  network: ClusterFacts['network'],
): SubnetDemand[] {
  const nodeSubnet = text(spec['vnetSubnetID']);
  const podSubnet = text(spec['podSubnetID']);
  const maxPods = typeof spec['maxPods'] === 'number' ? spec['maxPods'] : DEFAULT_MAX_PODS;
  const plugin = (network?.plugin ?? 'azure').toLowerCase();
  const overlay = (network?.pluginMode ?? '').toLowerCase() === 'overlay';
  const demands: SubnetDemand[] = [];
  if (nodeSubnet !== undefined) {
    const flat = plugin === 'azure' && !overlay && podSubnet === undefined;
    demands.push(
      flat
        ? { subnetId: nodeSubnet, perNode: maxPods + 1, rule: `maxPods ${maxPods} + 1, Azure CNI` }
        : { subnetId: nodeSubnet, perNode: 1, rule: 'the node only; pods use another range' },
    );
  }
  if (podSubnet !== undefined) {
    const blocks = Math.ceil(maxPods / POD_SUBNET_BLOCK);
    demands.push(
      spec['podIPAllocationMode'] === 'StaticBlock'
        ? {
            subnetId: podSubnet,
            perNode: blocks * POD_SUBNET_BLOCK,
            rule: `${blocks} /28 blocks for maxPods ${maxPods}`,
          }
        : { subnetId: podSubnet, perNode: POD_SUBNET_BATCH, rule: 'the first batch of 16 pod IPs' },
    );
  }
  return demands;
}

/** Addresses of an IPv4 prefix a subnet can hand out; undefined for IPv6 or an unreadable prefix. */
export function usableAddresses(prefix: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,3})){3}\/(\d{1,2})$/.exec(prefix.trim());
  const length = match ? Number(match[3]) : NaN;
  if (!match || length > 32) return undefined;
  return Math.max(0, 2 ** (32 - length) - AZURE_RESERVED_IPS_PER_SUBNET);
}

const nameOf = (id: string): string => id.split('/').filter(Boolean).at(-1) ?? id;

function subnetShortfall(subnet: SubnetInfo, demand: SubnetDemand, size: NewPoolSize): Findings {
  const usable = subnet.addressPrefixes
    .map(usableAddresses)
    .reduce<number>((sum, n) => sum + (n ?? 0), 0);
  const free = Math.max(0, usable - subnet.usedIpConfigurations);
  const subject = `subnet ${nameOf(subnet.id)}`;
  const need = size.initial * demand.perNode;
  const state = `${free} free (${subnet.addressPrefixes.join(', ')}: ${usable} usable after Azure's ${AZURE_RESERVED_IPS_PER_SUBNET} reserved per prefix, ${subnet.usedIpConfigurations} in use)`;
  const per = `${nodesText(size.initial)} × ${demand.perNode}: ${demand.rule}`;
  if (need > free) {
    const message = `the new pool needs ${need} IP addresses in subnet ${nameOf(subnet.id)} (${per}), ${state}: free addresses or add a prefix to the subnet and plan again`;
    return { blockers: [{ code: 'SUBNET_FULL', subject, message }], warnings: [] };
  }
  const max = size.max * demand.perNode;
  if (max <= free) return { blockers: [], warnings: [] };
  const reach = nodesText(Math.floor(free / demand.perNode));
  const message = `the new pool's autoscaler may grow it to ${nodesText(size.max)} (${max} addresses in subnet ${nameOf(subnet.id)}), ${state}: it can reach ${reach} only`;
  return { blockers: [], warnings: [{ code: 'CAPACITY_HEADROOM', subject, message }] };
}

/** Blockers for a subnet the pool's initial nodes overflow; warnings for its autoscaler maximum. */
export function subnetFindings(
  spec: AgentPoolSpec,
  network: ClusterFacts['network'],
  size: NewPoolSize,
  subnets: PreflightFacts['subnets'],
): Findings {
  return mergeFindings(
    ...subnetDemands(spec, network).map((demand): Findings => {
      const subject = `subnet ${nameOf(demand.subnetId)}`;
      const read = subnets[demand.subnetId];
      if (read === undefined || read.status === 'unreadable') {
        const reason = read?.reason ?? 'it was not read';
        return {
          blockers: [],
          warnings: [unverified(`the free addresses of ${subject}`, reason, 'subnets', subject)],
        };
      }
      return subnetShortfall(read.value, demand, size);
    }),
  );
}
