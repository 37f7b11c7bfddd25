import { randomUUID } from 'node:crypto';

export type AsyncStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface AsyncOperation {
  readonly id: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly startTime: string;
  status: AsyncStatus;
  endTime?: string | undefined;
  error?: { code: string; message: string } | undefined;
}

/** Async operations of long-running ARM calls, and the timers that finish them. */
export class AsyncOperations {
  readonly #operations = new Map<string, AsyncOperation>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  start(subscriptionId: string, location: string): AsyncOperation {
    const operation: AsyncOperation = {
      id: randomUUID(),
      subscriptionId,
      location,
      startTime: new Date().toISOString(),
      status: 'InProgress',
    };
    this.#operations.set(operation.id, operation);
    return operation;
  }

  get(id: string): AsyncOperation | undefined {
    return this.#operations.get(id.toLowerCase()) ?? this.#operations.get(id);
  }

  finish(operation: AsyncOperation, error?: { code: string; message: string }): void {
    operation.status = error ? 'Failed' : 'Succeeded';
    operation.error = error;
    operation.endTime = new Date().toISOString();
  }

  /** Runs `work` after `delayMs`; nothing runs once stopped. */
  after(delayMs: number, work: () => Promise<void>): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) void work();
    }, delayMs);
    this.#timers.add(timer);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** The Azure-AsyncOperation status URL (AKS: `.../locations/{location}/operations/{id}`). */
  statusUrl(base: string, operation: AsyncOperation, apiVersion: string): string {
    return `${base}/subscriptions/${operation.subscriptionId}/providers/Microsoft.ContainerService/locations/${operation.location}/operations/${operation.id}?api-version=${apiVersion}`;
  }

  /** The Location URL of a delete (AKS: `.../locations/{location}/operationresults/{id}`). */
  resultUrl(base: string, operation: AsyncOperation, apiVersion: string): string {
    return `${base}/subscriptions/${operation.subscriptionId}/providers/Microsoft.ContainerService/locations/${operation.location}/operationresults/${operation.id}?api-version=${apiVersion}`;
  }
}
