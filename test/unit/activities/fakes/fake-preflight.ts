/**
 * PreflightPort for activity tests: a region with room (generous vCPU quotas, the D-series sizes,
 * roomy subnets) and every version the cluster may offer; `failures` makes a read throw that code.
 */
import { WinshiftError, type ErrorCode } from '../../../../src/domain/errors.js';
import type {
  AgentPoolVersion,
  ComputeUsage,
  PreflightPort,
  SubnetInfo,
  VmSizeInfo,
} from '../../../../src/ports/preflight.js';

export type PreflightRead = 'usages' | 'vmSize' | 'subnet' | 'poolVersions';

export class FakePreflight implements PreflightPort {
  usages: ComputeUsage[] = [
    { name: 'cores', currentValue: 16, limit: 350 },
    { name: 'lowPriorityCores', currentValue: 0, limit: 350 },
    { name: 'standardDSv5Family', currentValue: 16, limit: 350 },
  ];
  vmSizes: VmSizeInfo[] = [
    { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vCpus: 4 },
    { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vCpus: 8 },
  ];
  subnets = new Map<string, SubnetInfo>();
  versions: AgentPoolVersion[] = [
    { version: '1.29.9' },
    { version: '1.30.5' },
    { version: '1.31.10' },
    { version: '1.32.6' },
  ];
  readonly failures = new Map<PreflightRead, ErrorCode>();
  readonly reads: string[] = [];

  #read<T>(read: PreflightRead, what: string, value: T): Promise<T> {
    this.reads.push(what);
    const failure = this.failures.get(read);
    return failure === undefined
      ? Promise.resolve(structuredClone(value))
      : Promise.reject(new WinshiftError(failure, `${what} failed`));
  }

  listComputeUsages(subscriptionId: string, location: string): Promise<readonly ComputeUsage[]> {
    return this.#read('usages', `usages ${subscriptionId} ${location}`, this.usages);
  }
  findVmSize(_sub: string, location: string, vmSize: string): Promise<VmSizeInfo | undefined> {
    const found = this.vmSizes.find((s) => s.name.toLowerCase() === vmSize.toLowerCase());
    return this.#read('vmSize', `vmSize ${location} ${vmSize}`, found);
  }
  getSubnet(subnetId: string): Promise<SubnetInfo> {
    const subnet = this.subnets.get(subnetId);
    if (subnet === undefined && !this.failures.has('subnet'))
      return Promise.reject(new WinshiftError('NOT_FOUND', `subnet ${subnetId}`));
    return this.#read('subnet', `subnet ${subnetId}`, subnet as SubnetInfo);
  }
  listAgentPoolVersions(clusterResourceId: string): Promise<readonly AgentPoolVersion[]> {
    return this.#read('poolVersions', `versions ${clusterResourceId}`, this.versions);
  }
}
