/**
 * The provisioning errors a new pool ends with under the `failNewPools` switch, as AKS reports them:
 * in the pool's `properties.status.provisioningError` (AgentPoolStatus in the containerservice spec,
 * an ErrorDetail; @azure/arm-containerservice 25.5.0 models it) and as the `error` of the
 * operation's Azure-AsyncOperation status.
 */
import type { NewPoolFailureSpec } from './scenario.js';
import type { ProvisioningError } from './model.js';

/** Where the pool's VMs would have gone: the messages name them. */
export interface FailureContext {
  readonly vmssId: string;
  readonly location: string;
  readonly vmSize: string;
  readonly count: number;
}

/** vCPUs of the default VM sizes (a D-series v5 size names its vCPUs: Standard_D8s_v5 has 8). */
function vcpusOf(vmSize: string): number {
  const match = /^Standard_[A-Z]+(\d+)/i.exec(vmSize);
  return match?.[1] ? Number(match[1]) : 4;
}

/**
 * Azure/AKS#5808: a pool's provisioning error of code QuotaExceeded carrying Compute's quota text
 * ("Create or update virtual machine ... failed. Operation could not be completed as it results in
 * exceeding approved Total Regional Cores quota. Additional details - ...").
 */
function quota(context: FailureContext): ProvisioningError {
  const required = vcpusOf(context.vmSize) * context.count;
  return {
    code: 'QuotaExceeded',
    message:
      `Create or update virtual machine scale set ${context.vmssId} failed. Operation could not be ` +
      `completed as it results in exceeding approved Total Regional Cores quota. Additional details - ` +
      `Deployment Model: Resource Manager, Location: ${context.location}, Current Limit: 100, ` +
      `Current Usage: 100, Additional Required: ${required}, (Minimum) New Limit Required: ` +
      `${100 + required}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP.`,
  };
}

/**
 * Azure/AKS#1272: "Allocation failed. We do not have sufficient capacity for the requested VM size
 * in this region. Read more about improving likelihood of allocation success at
 * http://aka.ms/allocation-guidance", code AllocationFailed.
 */
function allocation(): ProvisioningError {
  return {
    code: 'AllocationFailed',
    message:
      'Allocation failed. We do not have sufficient capacity for the requested VM size in this ' +
      'region. Read more about improving likelihood of allocation success at ' +
      'http://aka.ms/allocation-guidance',
  };
}

/** The provisioning error of a new pool under the switch. */
export function newPoolFailure(
  spec: NewPoolFailureSpec,
  context: FailureContext,
): ProvisioningError {
  if (spec === 'quota') return quota(context);
  if (spec === 'allocation') return allocation();
  return { code: spec.code, message: spec.message };
}
