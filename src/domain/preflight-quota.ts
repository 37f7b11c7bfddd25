/**
 * The regional vCPU quota a new pool needs (issue 13 item 5a): its nodes' vCPUs must fit the VM
 * family's quota and the Total Regional vCPUs (Spot: the low-priority vCPUs) on top of what the
 * subscription already runs in the region, the old pool included (aks-limits.ts).
 */
import { VCPU_USAGE_NAMES } from './aks-limits.js';
import type { Blocker } from './plan.js';
import type { ComputeUsage, PreflightFacts, VmSizeInfo } from './preflight-facts.js';
import {
  NO_FINDINGS,
  nodesText,
  unverified,
  type Findings,
  type NewPoolSize,
} from './preflight-size.js';

export interface QuotaCheck {
  readonly location: string;
  readonly vmSize: string;
  /** `scaleSetPriority: Spot`: the low-priority quota applies instead of the family's. */
  readonly spot: boolean;
  readonly size: NewPoolSize;
}

/** The usages a pool of this VM size draws on. */
export function quotaNames(vmSize: VmSizeInfo, spot: boolean): string[] {
  return spot ? [VCPU_USAGE_NAMES.spot] : [vmSize.family, VCPU_USAGE_NAMES.regional];
}

function findUsage(usages: readonly ComputeUsage[], name: string): ComputeUsage | undefined {
  return usages.find((u) => u.name.toLowerCase() === name.toLowerCase());
}

function shortfall(
  check: QuotaCheck,
  vmSize: VmSizeInfo,
  usage: ComputeUsage,
): Findings | undefined {
  const free = Math.max(0, usage.limit - usage.currentValue);
  const subject = `vCPU quota ${usage.name} (${check.location})`;
  const need = check.size.initial * vmSize.vCpus;
  const per = `${vmSize.vCpus} vCPU of ${vmSize.name}`;
  const state = `${free} free (limit ${usage.limit}, ${usage.currentValue} in use)`;
  if (need > free) {
    const blocker: Blocker = {
      code: 'VCPU_QUOTA_EXCEEDED',
      subject,
      message: `the new pool needs ${need} vCPU of ${usage.name} in ${check.location} (${nodesText(check.size.initial)} × ${per}), ${state}: request a quota increase for ${usage.name} in ${check.location} (or free vCPUs there) and plan again`,
    };
    return { blockers: [blocker], warnings: [] };
  }
  const max = check.size.max * vmSize.vCpus;
  if (max <= free) return undefined;
  const reach = Math.floor(free / vmSize.vCpus);
  return {
    blockers: [],
    warnings: [
      {
        code: 'CAPACITY_HEADROOM',
        subject,
        message: `the new pool's autoscaler may grow it to ${nodesText(check.size.max)} (${max} vCPU of ${usage.name}), ${state}: it can reach ${nodesText(reach)} only`,
      },
    ],
  };
}

/** Blockers for a quota the pool's initial nodes exceed; warnings for its autoscaler maximum. */
export function quotaFindings(
  check: QuotaCheck,
  facts: Pick<PreflightFacts, 'usages' | 'vmSize'>,
): Findings {
  const subject = `VM size ${check.vmSize} (${check.location})`;
  if (facts.vmSize.status === 'unreadable')
    return {
      blockers: [],
      warnings: [unverified('the vCPU quota', facts.vmSize.reason, 'vmSize', subject)],
    };
  const vmSize = facts.vmSize.value;
  if (vmSize === undefined) {
    const reason = `the resource SKU list of ${check.location} does not name ${check.vmSize}, so its VM family is unknown`;
    return { blockers: [], warnings: [unverified('the vCPU quota', reason, 'vmSize', subject)] };
  }
  if (facts.usages.status === 'unreadable')
    return {
      blockers: [],
      warnings: [unverified('the vCPU quota', facts.usages.reason, 'usages', subject)],
    };
  const usages = facts.usages.value;
  const parts = quotaNames(vmSize, check.spot).map((name): Findings => {
    const usage = findUsage(usages, name);
    if (usage !== undefined) return shortfall(check, vmSize, usage) ?? NO_FINDINGS;
    const reason = `the usages of ${check.location} list no ${name}`;
    return {
      blockers: [],
      warnings: [unverified(`the vCPU quota ${name}`, reason, 'usages', subject)],
    };
  });
  return {
    blockers: parts.flatMap((p) => p.blockers),
    warnings: parts.flatMap((p) => p.warnings),
  };
}
