import {
  agentPoolVersions,
  kubernetesVersionList,
  offeredVersions,
} from '../../state/kubernetes-versions.js';
import { armError, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { clusterBody } from '../shapes.js';
import { clusterUserKubeconfig } from './kubeconfig.js';
import { findCluster, isResponse, missingGroup, page } from './lookup.js';

const PROVIDER = '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService';
const CLUSTERS =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters';

function listClusters(context: RouteContext, resourceGroup?: string): SandboxResponse {
  const { world, clusterPageSize } = context.emulator;
  const subscription = (context.params['subscriptionId'] ?? '').toLowerCase();
  if (!world.subscriptions.has(subscription)) {
    return armError(
      404,
      'SubscriptionNotFound',
      `The subscription '${context.params['subscriptionId']}' could not be found.`,
    );
  }
  if (resourceGroup !== undefined) {
    const missing = missingGroup(context);
    if (missing) return missing;
  }
  const clusters = [...world.clusters.values()].filter(
    (cluster) =>
      cluster.subscriptionId.toLowerCase() === subscription &&
      (resourceGroup === undefined ||
        cluster.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()),
  );
  // Page first: a fleet has thousands of clusters and only one page is rendered per call.
  const { value, nextLink } = page(context, clusters, clusterPageSize);
  const body = value.map((cluster) => clusterBody(cluster, world.tenantId));
  return json(200, nextLink ? { value: body, nextLink } : { value: body });
}

function credentials(context: RouteContext): SandboxResponse {
  const cluster = findCluster(context);
  if (isResponse(cluster)) return cluster;
  const controlPlane = cluster.controlPlane ?? context.emulator.defaultControlPlane;
  if (!controlPlane) {
    return armError(
      400,
      'BadRequest',
      `Managed cluster '${cluster.name}' has no control plane in this sandbox (ARM-only).`,
    );
  }
  const kubeconfig = clusterUserKubeconfig(cluster, controlPlane, context.emulator.world.tenantId);
  return json(200, {
    kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(kubeconfig).toString('base64') }],
  });
}

/** The region's versions, less those a scenario withdrew (`withdrawnKubernetesVersions`). */
function allVersions(context: RouteContext): string[] {
  const { world } = context.emulator;
  return offeredVersions(
    [...world.clusters.values()].map((cluster) => cluster.kubernetesVersion),
  ).filter((version) => !world.withdrawnVersions.has(version));
}

export const managedClusterRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'ManagedClusters_List',
    template: `${PROVIDER}/managedClusters`,
    handle: (context) => listClusters(context),
  },
  {
    method: 'GET',
    operationId: 'ManagedClusters_ListByResourceGroup',
    template: CLUSTERS,
    handle: (context) => listClusters(context, context.params['resourceGroupName'] ?? ''),
  },
  {
    method: 'GET',
    operationId: 'ManagedClusters_Get',
    template: `${CLUSTERS}/{resourceName}`,
    handle: (context) => {
      const cluster = findCluster(context);
      return isResponse(cluster)
        ? cluster
        : json(200, clusterBody(cluster, context.emulator.world.tenantId));
    },
  },
  {
    method: 'POST',
    operationId: 'ManagedClusters_ListClusterUserCredentials',
    template: `${CLUSTERS}/{resourceName}/listClusterUserCredential`,
    handle: credentials,
  },
  {
    method: 'GET',
    operationId: 'ManagedClusters_ListKubernetesVersions',
    template: `${PROVIDER}/locations/{location}/kubernetesVersions`,
    handle: (context) => json(200, { values: kubernetesVersionList(allVersions(context)) }),
  },
  {
    method: 'GET',
    operationId: 'AgentPools_GetAvailableAgentPoolVersions',
    template: `${CLUSTERS}/{resourceName}/availableAgentPoolVersions`,
    handle: (context) => {
      const cluster = findCluster(context);
      if (isResponse(cluster)) return cluster;
      const versions = agentPoolVersions(allVersions(context), cluster.kubernetesVersion);
      return json(200, {
        id: `${cluster.id}/availableagentpoolversions`,
        name: 'default',
        type: 'Microsoft.ContainerService/managedClusters/availableAgentpoolVersions',
        properties: {
          agentPoolVersions: versions.map((version) => ({
            kubernetesVersion: version,
            ...(version === cluster.kubernetesVersion ? { default: true } : {}),
          })),
        },
      });
    },
  },
];
