/**
 * AKS runs one long-running operation at a time per cluster: while one runs on the cluster or any
 * of its pools, another write (PUT/DELETE of a pool here; the sandbox serves no cluster writes)
 * answers 409 OperationNotAllowed. Sources, with AKS's texts:
 * - another pool's operation: "Operation is not allowed: Another agentpool operation (nodepool1 -
 *   Creating) is in progress, please wait for it to finish before starting a new operation. See
 *   https://aka.ms/aks-pending-operation for more details" (cilium/cilium#25944); pools created in
 *   parallel hit it (Azure/terraform-azurerm-avm-ptn-aks-production#25), so do upgrades during a
 *   pool update (Azure/azure-workload-identity#417);
 * - an operation on the cluster itself (add-ons: Azure/telescope#1213 names PutExtensionAddonHandler):
 *   "Operation is not allowed because there's an in progress update managed cluster operation
 *   (operation ID: ...) on the managed cluster started on UTC 2026-05-22T07:19:23Z. Please wait for it
 *   to finish before starting a new operation. You can also use 'az aks operation-abort ...' to abort
 *   the ongoing operation." (Azure/azure-cli-extensions#9855).
 * Not modelled: a DELETE that preempts the pool's own running operation (OperationPreempted).
 */
import type { ClusterBusy, ClusterState } from '../../state/model.js';
import { aksError } from '../aks-errors.js';
import type { SandboxResponse } from '../http.js';

function windowOpen(busy: ClusterBusy, now: number): boolean {
  return busy.startedAt !== undefined && now < busy.startedAt + busy.forMs;
}

/** Whether AKS's own operation (the "busy cluster" switch) is running on the cluster now. */
export function clusterOperationRunning(cluster: ClusterState, now = Date.now()): boolean {
  return cluster.busy !== undefined && windowOpen(cluster.busy, now);
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The 409 a pool write meets while the cluster is busy, or undefined when it may go ahead. A
 * `firstWrite` busy window opens with the first write, which it refuses.
 */
export function busyRefusal(cluster: ClusterState, now = Date.now()): SandboxResponse | undefined {
  const busy = cluster.busy;
  if (busy?.from === 'firstWrite' && busy.startedAt === undefined) busy.startedAt = now;
  if (busy !== undefined && windowOpen(busy, now)) {
    return aksError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed because there's an in progress update managed cluster operation (operation ID: ${busy.operationId}) on the managed cluster started on UTC ${isoSeconds(busy.startedAt ?? now)}. Please wait for it to finish before starting a new operation. You can also use 'az aks operation-abort ...' to abort the ongoing operation.`,
    );
  }
  const running = [...cluster.pools.values()].find((pool) => pool.runningOperationId);
  if (running === undefined) return undefined;
  return aksError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed: Another agentpool operation (${running.name} - ${running.properties.provisioningState}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}
