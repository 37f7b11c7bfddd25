/**
 * The preflight's Azure answers in winshift's terms: Compute usages (Usage_List), resource SKUs
 * (ResourceSkus_List, api-version 2021-07-01: `family`, capability `vCPUs`), a subnet as ARM writes
 * it (Subnets_Get: `addressPrefix` or `addressPrefixes`, the read-only `ipConfigurations`), and the
 * versions of AgentPools_GetAvailableAgentPoolVersions. Shapes: test/fixtures/azure-api-examples.
 */
import type { ResourceSku, Usage } from '@azure/arm-compute';
import type { AgentPoolAvailableVersions } from '@azure/arm-containerservice';
import { WinshiftError } from '../../domain/errors.js';
import type {
  AgentPoolVersion,
  ComputeUsage,
  SubnetInfo,
  VmSizeInfo,
} from '../../ports/preflight.js';

export function toComputeUsage(usage: Usage): ComputeUsage {
  return { name: usage.name.value ?? '', currentValue: usage.currentValue, limit: usage.limit };
}

/** A VM size of the SKU list, or undefined for another resource type or size, or one without vCPUs. */
export function toVmSizeInfo(sku: ResourceSku, vmSize: string): VmSizeInfo | undefined {
  if (sku.resourceType?.toLowerCase() !== 'virtualmachines') return undefined;
  if (sku.name?.toLowerCase() !== vmSize.toLowerCase() || sku.family === undefined)
    return undefined;
  const vCpus = Number(sku.capabilities?.find((c) => c.name === 'vCPUs')?.value);
  return Number.isFinite(vCpus) && vCpus > 0
    ? { name: sku.name, family: sku.family, vCpus }
    : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function toSubnetInfo(body: unknown): SubnetInfo {
  const properties = isRecord(body) && isRecord(body['properties']) ? body['properties'] : {};
  const id = isRecord(body) && typeof body['id'] === 'string' ? body['id'] : '';
  const prefixes = Array.isArray(properties['addressPrefixes'])
    ? properties['addressPrefixes'].filter((p): p is string => typeof p === 'string')
    : typeof properties['addressPrefix'] === 'string'
      ? [properties['addressPrefix']]
      : [];
  if (id === '' || prefixes.length === 0)
    throw new WinshiftError(
      'INTERNAL',
      `ARM returned subnet ${id || '?'} without an address prefix`,
    );
  const used = Array.isArray(properties['ipConfigurations'])
    ? properties['ipConfigurations'].length
    : 0;
  return { id, addressPrefixes: prefixes, usedIpConfigurations: used };
}

export function toAgentPoolVersions(answer: AgentPoolAvailableVersions): AgentPoolVersion[] {
  return (answer.agentPoolVersions ?? []).flatMap((item) =>
    item.kubernetesVersion === undefined
      ? []
      : [
          {
            version: item.kubernetesVersion,
            ...(item.isPreview === true ? { isPreview: true } : {}),
          },
        ],
  );
}
