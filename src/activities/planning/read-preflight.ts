/**
 * The preflight's reads (issue 13 items 5 and 6), made while planning and before anything is
 * created: the region's vCPU usages and the pool's VM size, the subnets its nodes and pods take
 * addresses from, and the Kubernetes versions AKS offers new pools of the cluster. A read refused
 * (403, 404) is a fact for the planner, which warns naming the permission; a transient failure is
 * retried by the activity's retry policy instead.
 */
import { errorCodeOf } from '../../domain/errors.js';
import type { ClusterFacts } from '../../domain/azure-facts.js';
import type { AgentPoolSpec } from '../../domain/pool-spec.js';
import type { PreflightFacts, Readout, SubnetInfo } from '../../domain/preflight-facts.js';
import { subnetIdsOf } from '../../domain/preflight-subnets.js';
import type { PreflightPort } from '../../ports/preflight.js';

async function readout<T>(read: () => Promise<T>): Promise<Readout<T>> {
  try {
    return { status: 'read', value: await read() };
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'TRANSIENT' || code === 'INTERNAL') throw error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: 'unreadable',
      reason: message.startsWith('[') ? message : `[${code}] ${message}`,
    };
  }
}

/** Reads what `preflightChecks` decides from, for a pool of this spec (the old pool's, copied). */
export async function readPreflight(
  port: PreflightPort,
  cluster: ClusterFacts,
  spec: AgentPoolSpec,
): Promise<PreflightFacts> {
  const { subscriptionId, location } = cluster;
  const vmSize = typeof spec['vmSize'] === 'string' ? spec['vmSize'] : undefined;
  const subnetIds = [...new Set(subnetIdsOf(spec))];
  const [usages, size, poolVersions, subnets] = await Promise.all([
    readout(() => port.listComputeUsages(subscriptionId, location)),
    readout(() =>
      vmSize === undefined
        ? Promise.resolve(undefined)
        : port.findVmSize(subscriptionId, location, vmSize),
    ),
    readout(() => port.listAgentPoolVersions(cluster.resourceId)),
    Promise.all(subnetIds.map((id) => readout(() => port.getSubnet(id)))),
  ]);
  const byId: Record<string, Readout<SubnetInfo>> = {};
  subnetIds.forEach((id, i) => {
    const read = subnets[i];
    if (read !== undefined) byId[id] = read;
  });
  return { usages, vmSize: size, poolVersions, subnets: byId };
}
