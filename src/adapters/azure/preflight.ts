/**
 * PreflightPort over the Azure SDKs: Compute's regional usages and resource SKUs
 * (@azure/arm-compute), the versions AKS offers new pools (@azure/arm-containerservice), and a subnet
 * as raw ARM JSON through the SDK's REST layer (no Network SDK is installed; arm-rest.ts). Reads only.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import {
  createContainerService,
  type ContainerServiceContext,
} from '@azure/arm-containerservice/api';
import { WinshiftError } from '../../domain/errors.js';
import type {
  AgentPoolVersion,
  ComputeUsage,
  PreflightPort,
  SubnetInfo,
  VmSizeInfo,
} from '../../ports/preflight.js';
import { azureCall, type AzureErrorOptions } from '../errors.js';
import { armRequest } from './arm-rest.js';
import { assertAllowed, perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import {
  toAgentPoolVersions,
  toComputeUsage,
  toSubnetInfo,
  toVmSizeInfo,
} from './map-preflight.js';
import { parseClusterId } from './resource-id.js';

const COMPUTE: AzureErrorOptions = { service: 'compute' };

/** Microsoft.Network api-version of the subnet GET (the official SubnetGet example's). */
export const NETWORK_API_VERSION = '2024-05-01';

const SUBNET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)\/?$/i;

function parseSubnetId(id: string): { subscriptionId: string; path: string } {
  const match = SUBNET_ID.exec(id.trim());
  if (!match?.[1]) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `subnet id "${id}" is not of the form /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`,
    );
  }
  const [, subscriptionId, group = '', vnet = '', subnet = ''] = match;
  const path = `/subscriptions/${subscriptionId}/resourceGroups/${encodeURIComponent(group)}/providers/Microsoft.Network/virtualNetworks/${encodeURIComponent(vnet)}/subnets/${encodeURIComponent(subnet)}`;
  return { subscriptionId, path };
}

class PreflightAdapter implements PreflightPort {
  readonly #context: AzureClientContext;
  readonly #compute: (subscriptionId: string) => ComputeManagementClient;
  readonly #aks: (subscriptionId: string) => ContainerServiceClient;
  readonly #rest: (subscriptionId: string) => ContainerServiceContext;

  constructor(context: AzureClientContext) {
    this.#context = context;
    const options = sdkOptions(context);
    this.#compute = perSubscription(
      (id) => new ComputeManagementClient(context.credential, id, options),
    );
    this.#aks = perSubscription(
      (id) => new ContainerServiceClient(context.credential, id, options),
    );
    this.#rest = perSubscription((id) => createContainerService(context.credential, id, options));
  }

  listComputeUsages(subscriptionId: string, location: string): Promise<readonly ComputeUsage[]> {
    assertAllowed(this.#context, subscriptionId);
    const usages = this.#compute(subscriptionId).usage.list(location);
    return azureCall(
      `Compute: list the vCPU usages of ${location}`,
      async () => {
        const found: ComputeUsage[] = [];
        for await (const usage of usages) found.push(toComputeUsage(usage));
        return found;
      },
      COMPUTE,
    );
  }

  findVmSize(
    subscriptionId: string,
    location: string,
    vmSize: string,
  ): Promise<VmSizeInfo | undefined> {
    assertAllowed(this.#context, subscriptionId);
    const filter = `location eq '${location.replace(/'/g, "''")}'`;
    const skus = this.#compute(subscriptionId).resourceSkus.list({ filter });
    return azureCall(
      `Compute: find VM size ${vmSize} in the resource SKUs of ${location}`,
      async () => {
        for await (const sku of skus) {
          const found = toVmSizeInfo(sku, vmSize);
          if (found !== undefined) return found;
        }
        return undefined;
      },
      COMPUTE,
    );
  }

  async getSubnet(subnetId: string): Promise<SubnetInfo> {
    const { subscriptionId, path } = parseSubnetId(subnetId);
    assertAllowed(this.#context, subscriptionId);
    const response = await azureCall(`Network: read subnet ${subnetId}`, () =>
      armRequest(this.#rest(subscriptionId), 'get', path, { apiVersion: NETWORK_API_VERSION }),
    );
    return toSubnetInfo(response.body);
  }

  async listAgentPoolVersions(clusterResourceId: string): Promise<readonly AgentPoolVersion[]> {
    const id = parseClusterId(clusterResourceId);
    assertAllowed(this.#context, id.subscriptionId);
    const answer = await azureCall(
      `AKS: list the versions offered for new pools of ${id.name}`,
      () =>
        this.#aks(id.subscriptionId).agentPools.getAvailableAgentPoolVersions(
          id.resourceGroup,
          id.name,
        ),
    );
    return toAgentPoolVersions(answer);
  }
}

export function createPreflightAdapter(context: AzureClientContext): PreflightPort {
  return new PreflightAdapter(context);
}
