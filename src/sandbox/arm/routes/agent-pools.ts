import { poolFromRequest, stripReadOnly } from '../../state/pools.js';
import { aksError } from '../aks-errors.js';
import { bodyProperties, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { poolBody } from '../shapes.js';
import { refuseWithoutCapacity } from './agent-pool-capacity.js';
import { lroHeaders, startCreate, startDelete, startUpdate } from './agent-pool-lifecycle.js';
import { validateNewPool, validatePoolUpdate } from './agent-pool-rules.js';
import { busyRefusal } from './aks-busy.js';
import { apiVersionOf, findCluster, isResponse } from './lookup.js';

const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}';
const OPERATIONS =
  '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}';

function poolNotFound(name: string): SandboxResponse {
  return aksError(404, 'NotFound', `Agent pool '${name}' was not found.`);
}

function getPool(context: RouteContext): SandboxResponse {
  const cluster = findCluster(context);
  if (isResponse(cluster)) return cluster;
  const name = (context.params['agentPoolName'] ?? '').toLowerCase();
  const pool = cluster.pools.get(name);
  return pool
    ? json(200, poolBody(cluster, pool))
    : poolNotFound(context.params['agentPoolName'] ?? '');
}

function putPool(context: RouteContext): SandboxResponse {
  const cluster = findCluster(context);
  if (isResponse(cluster)) return cluster;
  const name = context.params['agentPoolName'] ?? '';
  const properties = bodyProperties(context.request);
  const existing = cluster.pools.get(name.toLowerCase()) ?? cluster.pools.get(name);
  const apiVersion = apiVersionOf(context);
  if (existing) {
    // `If-None-Match: *` makes the PUT create-only, as ARM's optimistic concurrency defines it.
    if (context.request.headers['if-none-match'] === '*') {
      return aksError(
        412,
        'PreconditionFailed',
        `Agent pool '${name}' already exists (If-None-Match: *).`,
      );
    }
    // A request AKS refuses as invalid is refused whatever runs; a valid one waits its turn.
    const refused = validatePoolUpdate(existing, properties) ?? busyRefusal(cluster);
    if (refused) return refused;
    existing.properties = { ...existing.properties, ...stripReadOnly(properties) };
    const operation = startUpdate(context.emulator, cluster, existing, context.lroFailure);
    return json(
      200,
      poolBody(cluster, existing),
      lroHeaders(context.emulator, operation, apiVersion, false),
    );
  }
  const refused =
    validateNewPool(cluster, name, properties) ??
    busyRefusal(cluster) ??
    refuseWithoutCapacity(context.emulator.world, cluster, properties);
  if (refused) return refused;
  const pool = poolFromRequest(cluster, name, properties);
  const operation = startCreate(context.emulator, cluster, pool, context.lroFailure);
  return json(
    201,
    poolBody(cluster, pool),
    lroHeaders(context.emulator, operation, apiVersion, false),
  );
}

function deletePool(context: RouteContext): SandboxResponse {
  const cluster = findCluster(context);
  if (isResponse(cluster)) return cluster;
  const pool = cluster.pools.get((context.params['agentPoolName'] ?? '').toLowerCase());
  if (!pool) return { status: 204 };
  const busy = busyRefusal(cluster);
  if (busy) return busy;
  const operation = startDelete(context.emulator, cluster, pool, context.lroFailure);
  return {
    status: 202,
    headers: lroHeaders(context.emulator, operation, apiVersionOf(context), true),
  };
}

function operationStatus(context: RouteContext): SandboxResponse {
  const operation = context.emulator.lro.get(context.params['operationId'] ?? '');
  if (!operation)
    return aksError(404, 'NotFound', `Operation '${context.params['operationId']}' was not found.`);
  return json(200, {
    id: `/subscriptions/${operation.subscriptionId}/providers/Microsoft.ContainerService/locations/${operation.location}/operations/${operation.id}`,
    name: operation.id,
    status: operation.status,
    startTime: operation.startTime,
    ...(operation.endTime ? { endTime: operation.endTime } : {}),
    ...(operation.error ? { error: operation.error } : {}),
  });
}

function operationResult(context: RouteContext): SandboxResponse {
  const operation = context.emulator.lro.get(context.params['operationId'] ?? '');
  if (!operation)
    return aksError(404, 'NotFound', `Operation '${context.params['operationId']}' was not found.`);
  if (operation.status === 'InProgress') {
    return {
      status: 202,
      headers: {
        Location: `https://${context.request.host}${context.request.url.pathname}${context.request.url.search}`,
        'Retry-After': String(context.emulator.latency.lroRetryAfterSeconds),
      },
    };
  }
  if (operation.error) return aksError(400, operation.error.code, operation.error.message);
  return { status: 204 };
}

export const agentPoolRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'AgentPools_List',
    template: `${CLUSTER}/agentPools`,
    handle: (context) => {
      const cluster = findCluster(context);
      if (isResponse(cluster)) return cluster;
      return json(200, {
        value: [...cluster.pools.values()].map((pool) => poolBody(cluster, pool)),
      });
    },
  },
  {
    method: 'GET',
    operationId: 'AgentPools_Get',
    template: `${CLUSTER}/agentPools/{agentPoolName}`,
    handle: getPool,
  },
  {
    method: 'PUT',
    operationId: 'AgentPools_CreateOrUpdate',
    template: `${CLUSTER}/agentPools/{agentPoolName}`,
    lro: true,
    handle: putPool,
  },
  {
    method: 'DELETE',
    operationId: 'AgentPools_Delete',
    template: `${CLUSTER}/agentPools/{agentPoolName}`,
    lro: true,
    handle: deletePool,
  },
  {
    method: 'GET',
    operationId: 'ContainerServiceOperationStatus_Get',
    template: `${OPERATIONS}/operations/{operationId}`,
    handle: operationStatus,
  },
  {
    method: 'GET',
    operationId: 'ContainerServiceOperationResults_Get',
    template: `${OPERATIONS}/operationresults/{operationId}`,
    handle: operationResult,
  },
];
