import { clusterId, idKey } from '../../state/ids.js';
import type { ClusterState } from '../../state/model.js';
import { armError, type SandboxResponse } from '../http.js';
import type { RouteContext } from '../router.js';

/** ARM's answer for a missing resource group, or undefined when it exists. */
export function missingGroup(context: RouteContext): SandboxResponse | undefined {
  const { subscriptionId = '', resourceGroupName = '' } = context.params;
  const key = idKey(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`);
  if (context.emulator.world.resourceGroups.has(key)) return undefined;
  return armError(
    404,
    'ResourceGroupNotFound',
    `Resource group '${resourceGroupName}' could not be found.`,
  );
}

/** ARM's resource-not-found envelope. */
export function resourceNotFound(
  type: string,
  name: string,
  resourceGroup: string,
): SandboxResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** The cluster named by the route, or the error response to send. */
export function findCluster(context: RouteContext): ClusterState | SandboxResponse {
  const { subscriptionId = '', resourceGroupName = '', resourceName = '' } = context.params;
  const cluster = context.emulator.world.clusters.get(
    idKey(clusterId(subscriptionId, resourceGroupName, resourceName)),
  );
  if (cluster) return cluster;
  return (
    missingGroup(context) ??
    resourceNotFound('Microsoft.ContainerService/managedClusters', resourceName, resourceGroupName)
  );
}

export function isResponse(value: unknown): value is SandboxResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof value.status === 'number'
  );
}

/** `api-version` of the request (present: the server checked it). */
export function apiVersionOf(context: RouteContext): string {
  return context.request.url.searchParams.get('api-version') ?? '';
}

/** A page of `items` with ARM's nextLink (`$skipToken` carries the offset). */
export function page<T>(
  context: RouteContext,
  items: readonly T[],
  pageSize: number,
): { value: T[]; nextLink?: string } {
  const offset = Number(context.request.url.searchParams.get('$skipToken') ?? '0') || 0;
  const value = items.slice(offset, offset + pageSize);
  if (offset + pageSize >= items.length) return { value };
  const next = new URL(context.request.url.toString());
  next.searchParams.set('$skipToken', String(offset + pageSize));
  return { value, nextLink: `https://${context.request.host}${next.pathname}${next.search}` };
}
