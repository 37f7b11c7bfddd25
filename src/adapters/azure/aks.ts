/**
 * AksPort over @azure/arm-containerservice. Pool creation and deletion only start the operation and
 * return once ARM accepted it: the workflow polls `getPool` with durable timers, so no function
 * invocation sits in an LRO poll loop.
 */
import { ContainerServiceClient } from '@azure/arm-containerservice';
import {
  createContainerService,
  type ContainerServiceContext,
} from '@azure/arm-containerservice/api';
import { WinshiftError } from '../../domain/errors.js';
import type { AgentPoolSpec } from '../../domain/pool-spec.js';
import type { AgentPool, AksPort, ClusterFacts, ListClustersOptions } from '../../ports/azure.js';
import { azureCall, azureCallOrUndefined, statusOf, toWinshiftError } from '../errors.js';
import { armRequest } from './arm-rest.js';
import { assertAllowed, perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import { agentPoolBody, kubeconfigText, toAgentPool, toClusterFacts } from './map-aks.js';
import { parseClusterId, type ResourceId } from './resource-id.js';

/** The api-version the installed SDK sends for agent pools (the raw calls use the same). */
export const AGENT_POOL_API_VERSION = '2026-06-01';

function poolPath(cluster: ResourceId, poolName: string): string {
  const segments = [
    'subscriptions',
    cluster.subscriptionId,
    'resourceGroups',
    cluster.resourceGroup,
    'providers/Microsoft.ContainerService/managedClusters',
    cluster.name,
    'agentPools',
    poolName,
  ];
  return `/${segments.map((s) => (s.includes('/') ? s : encodeURIComponent(s))).join('/')}`;
}

class AksAdapter implements AksPort {
  readonly #context: AzureClientContext;
  readonly #clients: (subscriptionId: string) => ContainerServiceClient;
  readonly #rest: (subscriptionId: string) => ContainerServiceContext;

  constructor(context: AzureClientContext) {
    this.#context = context;
    this.#clients = perSubscription(
      (id) => new ContainerServiceClient(context.credential, id, sdkOptions(context)),
    );
    this.#rest = perSubscription((id) =>
      createContainerService(context.credential, id, sdkOptions(context)),
    );
  }

  #cluster(clusterResourceId: string): ResourceId {
    const id = parseClusterId(clusterResourceId);
    assertAllowed(this.#context, id.subscriptionId);
    return id;
  }

  async getCluster(clusterResourceId: string): Promise<ClusterFacts> {
    const id = this.#cluster(clusterResourceId);
    const cluster = await azureCall(`AKS: read cluster ${clusterResourceId}`, () =>
      this.#clients(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name),
    );
    return toClusterFacts(cluster);
  }

  async *listClusters(
    subscriptionId: string,
    options: ListClustersOptions = {},
  ): AsyncIterable<ClusterFacts> {
    assertAllowed(this.#context, subscriptionId);
    const pages = this.#clients(subscriptionId).managedClusters.list().byPage();
    const doing = `AKS: list clusters of subscription ${subscriptionId}`;
    for (;;) {
      // One ARM call per page, paced by the caller; it may stop early without fetching the rest.
      await options.beforePageRequest?.();
      const page = await azureCall(doing, () => pages.next());
      if (page.done === true) return;
      for (const cluster of page.value) yield toClusterFacts(cluster);
      // The last page carries no continuation: asking for more would send no request.
      if (!(page.value as { continuationToken?: string }).continuationToken) return;
    }
  }

  async getPool(clusterResourceId: string, poolName: string): Promise<AgentPool | undefined> {
    const id = this.#cluster(clusterResourceId);
    const doing = `AKS: read pool ${poolName} of ${id.name}`;
    const response = await azureCallOrUndefined(doing, () =>
      armRequest(this.#rest(id.subscriptionId), 'get', poolPath(id, poolName), {
        apiVersion: AGENT_POOL_API_VERSION,
      }),
    );
    return response === undefined ? undefined : toAgentPool(response.body);
  }

  async beginCreatePool(
    clusterResourceId: string,
    poolName: string,
    spec: AgentPoolSpec,
  ): Promise<void> {
    const id = this.#cluster(clusterResourceId);
    // Create-only (`If-None-Match: *`): a pool that appeared since the caller looked is never
    // overwritten; ARM's 412 reaches the activity as TRANSIENT and its retry re-reads the pool.
    await azureCall(`AKS: create pool ${poolName} in ${id.name}`, () =>
      armRequest(this.#rest(id.subscriptionId), 'put', poolPath(id, poolName), {
        apiVersion: AGENT_POOL_API_VERSION,
        body: agentPoolBody(spec),
        headers: { 'if-none-match': '*' },
      }),
    );
  }

  async beginDeletePool(clusterResourceId: string, poolName: string): Promise<void> {
    const id = this.#cluster(clusterResourceId);
    try {
      await armRequest(this.#rest(id.subscriptionId), 'delete', poolPath(id, poolName), {
        apiVersion: AGENT_POOL_API_VERSION,
      });
    } catch (error) {
      if (statusOf(error) === 404 && (await this.#clusterExists(id))) return; // already gone
      throw toWinshiftError(error, `AKS: delete pool ${poolName} of ${id.name}`);
    }
  }

  /** A 404 on a pool means "gone" only when the cluster itself is there. */
  async #clusterExists(id: ResourceId): Promise<boolean> {
    const cluster = await azureCallOrUndefined(`AKS: read cluster ${id.name}`, () =>
      this.#clients(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name),
    );
    return cluster !== undefined;
  }

  async getUserKubeconfig(clusterResourceId: string): Promise<string> {
    const id = this.#cluster(clusterResourceId);
    const result = await azureCall(`AKS: list user credentials of ${id.name}`, () =>
      this.#clients(id.subscriptionId).managedClusters.listClusterUserCredentials(
        id.resourceGroup,
        id.name,
      ),
    );
    const text = kubeconfigText(result.kubeconfigs?.[0]?.value);
    if (text === undefined || text.trim() === '') {
      throw new WinshiftError('INTERNAL', `AKS returned no kubeconfig for ${clusterResourceId}`);
    }
    return text;
  }
}

export function createAksAdapter(context: AzureClientContext): AksPort {
  return new AksAdapter(context);
}
