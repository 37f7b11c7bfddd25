/** One operation the emulator served. */
export interface OperationRecord {
  readonly at: string;
  readonly host: string;
  readonly method: string;
  /** Azure operation id, `Unknown` when no route matched. */
  readonly operationId: string;
  /** The route template (`/subscriptions/{subscriptionId}/...`), or the raw path when unmatched. */
  readonly pathTemplate: string;
  readonly apiVersion?: string | undefined;
  /** The caller, when its bearer token is a sandbox token (`sandbox:<principalId>`). */
  readonly principalId?: string | undefined;
  readonly status: number;
}

/** Every operation served, in order (bounded so a long benchmark cannot exhaust memory). */
export class OperationLog {
  readonly #records: OperationRecord[] = [];

  constructor(private readonly limit = 100_000) {}

  add(record: OperationRecord): void {
    this.#records.push(record);
    if (this.#records.length > this.limit) this.#records.shift();
  }

  list(): readonly OperationRecord[] {
    return [...this.#records];
  }

  clear(): void {
    this.#records.length = 0;
  }
}
