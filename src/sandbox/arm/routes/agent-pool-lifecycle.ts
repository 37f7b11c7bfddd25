import { idKey } from '../../state/ids.js';
import type { ClusterState, PoolState, ProvisioningError } from '../../state/model.js';
import { newPoolFailure } from '../../state/pool-failures.js';
import { poolNodesSpec } from '../../state/pool-hooks.js';
import { buildVmssForPool } from '../../state/pools.js';
import { ARM_BASE_URL, type EmulatorContext } from '../context.js';
import type { AsyncOperation } from '../lro.js';

type Failure = ProvisioningError | undefined;

/**
 * Ends the pool's operation. A failure is kept, as AKS keeps it, in the pool's
 * `properties.status.provisioningError` (AgentPoolStatus: "Preserves the detailed info of failure.
 * If there was no error, this field is omitted.") and as the operation status's `error`.
 */
function settle(
  emulator: EmulatorContext,
  operation: AsyncOperation,
  pool: PoolState,
  error: Failure,
): void {
  pool.properties.provisioningState = error ? 'Failed' : 'Succeeded';
  if (error) pool.properties['status'] = { provisioningError: { ...error } };
  else delete pool.properties['status'];
  pool.runningOperationId = undefined;
  emulator.lro.finish(operation, error);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** LRO headers of a PUT/DELETE (Azure-AsyncOperation, Retry-After; Location on delete). */
export function lroHeaders(
  emulator: EmulatorContext,
  operation: AsyncOperation,
  apiVersion: string,
  withLocation: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': emulator.lro.statusUrl(ARM_BASE_URL, operation, apiVersion),
    'Retry-After': String(emulator.latency.lroRetryAfterSeconds),
  };
  if (withLocation)
    headers['Location'] = emulator.lro.resultUrl(ARM_BASE_URL, operation, apiVersion);
  return headers;
}

/** Starts a pool create: its VMSS exists at once; nodes (hook) then Succeeded after the provisioning delay. */
export function startCreate(
  emulator: EmulatorContext,
  cluster: ClusterState,
  pool: PoolState,
  failure: Failure,
): AsyncOperation {
  const operation = emulator.lro.start(cluster.subscriptionId, cluster.location);
  cluster.pools.set(pool.name, pool);
  pool.runningOperationId = operation.id;
  const vmss = buildVmssForPool(cluster, pool, emulator.world.tenantId);
  emulator.world.vmss.set(idKey(vmss.id), vmss);
  // The switch making new pools fail, unless an injected lroFailed fault says otherwise.
  const switched = cluster.failNewPools
    ? newPoolFailure(cluster.failNewPools, {
        vmssId: vmss.id,
        location: cluster.location,
        vmSize: String(pool.properties['vmSize']),
        count: Number(pool.properties['count'] ?? 0),
      })
    : undefined;
  emulator.lro.after(emulator.latency.poolProvisioningMs, async () => {
    let error = failure ?? switched;
    if (!error) {
      try {
        await emulator.hooks.poolCreated(cluster.id, poolNodesSpec(pool, vmss.name));
      } catch (hookError) {
        error = {
          code: 'ProvisioningFailed',
          message: `Provisioning of agent pool '${pool.name}' failed: ${errorText(hookError)}`,
        };
      }
    }
    settle(emulator, operation, pool, error);
  });
  return operation;
}

/** Starts a pool update (count, labels...): Succeeded after the provisioning delay. */
export function startUpdate(
  emulator: EmulatorContext,
  cluster: ClusterState,
  pool: PoolState,
  failure: Failure,
): AsyncOperation {
  const operation = emulator.lro.start(cluster.subscriptionId, cluster.location);
  pool.runningOperationId = operation.id;
  pool.properties.provisioningState = 'Updating';
  const vmss = emulator.world.vmssOfPool(cluster, pool.name);
  if (vmss)
    vmss.sku = { ...vmss.sku, capacity: Number(pool.properties['count'] ?? vmss.sku.capacity) };
  emulator.lro.after(emulator.latency.poolProvisioningMs, () => {
    settle(emulator, operation, pool, failure);
    return Promise.resolve();
  });
  return operation;
}

/** Starts a pool delete: nodes go (hook), then the pool and its VMSS, after the deletion delay. */
export function startDelete(
  emulator: EmulatorContext,
  cluster: ClusterState,
  pool: PoolState,
  failure: Failure,
): AsyncOperation {
  const operation = emulator.lro.start(cluster.subscriptionId, cluster.location);
  pool.runningOperationId = operation.id;
  pool.properties.provisioningState = 'Deleting';
  emulator.lro.after(emulator.latency.poolDeletionMs, async () => {
    let error = failure;
    if (!error) {
      try {
        await emulator.hooks.poolDeleted(cluster.id, pool.name);
      } catch (hookError) {
        error = {
          code: 'DeletionFailed',
          message: `Deletion of agent pool '${pool.name}' failed: ${errorText(hookError)}`,
        };
      }
    }
    if (error) {
      settle(emulator, operation, pool, error);
      return;
    }
    pool.runningOperationId = undefined;
    cluster.pools.delete(pool.name);
    const vmss = emulator.world.vmssOfPool(cluster, pool.name);
    if (vmss) emulator.world.vmss.delete(idKey(vmss.id));
    emulator.lro.finish(operation);
  });
  return operation;
}
