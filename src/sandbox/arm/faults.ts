import type { FaultSpec } from '../state/scenario.js';

/** An armed fault and how many calls it still applies to (Infinity: until cleared). */
export interface ArmedFault {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
}

/** What a request meets: extra delay, and at most one failing fault. */
export interface FaultOutcome {
  readonly delayMs: number;
  readonly failure?: FaultSpec | undefined;
}

const KINDS = new Set(['latency', 'throttle', 'serverError', 'conflict', 'lroFailed', 'forbidden']);

/** Validates a fault from an untrusted source (admin endpoint, scenario file). */
export function validateFault(value: unknown): FaultSpec {
  const spec = value as Partial<FaultSpec> | null;
  if (!spec || typeof spec.operationId !== 'string' || spec.operationId === '') {
    throw new Error('a fault needs an operationId');
  }
  if (typeof spec.kind !== 'string' || !KINDS.has(spec.kind)) {
    throw new Error(`fault kind must be one of ${[...KINDS].join(', ')}`);
  }
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1)) {
    throw new Error('fault count must be a positive integer');
  }
  return spec as FaultSpec;
}

/** Faults per operation id, consumed call by call. */
export class FaultBook {
  readonly #faults: ArmedFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): ArmedFault {
    const armed = {
      id: this.#nextId++,
      spec: validateFault(spec),
      remaining: spec.count ?? Infinity,
    };
    this.#faults.push(armed);
    return armed;
  }

  clear(operationId?: string): void {
    for (let index = this.#faults.length - 1; index >= 0; index--) {
      if (operationId === undefined || this.#faults[index]?.spec.operationId === operationId) {
        this.#faults.splice(index, 1);
      }
    }
  }

  list(): readonly ArmedFault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /**
   * Takes what applies to one call: every latency fault adds its delay; the first failing fault (in
   * the order armed) fails the call. `lroFailed` is only taken by long-running operations.
   */
  take(operationId: string, isLro: boolean): FaultOutcome {
    let delayMs = 0;
    let failure: FaultSpec | undefined;
    for (const fault of this.#faults) {
      if (fault.spec.operationId !== operationId || fault.remaining <= 0) continue;
      if (fault.spec.kind === 'latency') {
        delayMs += fault.spec.delayMs ?? 0;
        fault.remaining--;
      } else if (!failure && (fault.spec.kind !== 'lroFailed' || isLro)) {
        failure = fault.spec;
        fault.remaining--;
      }
    }
    this.#faults.splice(
      0,
      this.#faults.length,
      ...this.#faults.filter((fault) => fault.remaining > 0),
    );
    return { delayMs, failure };
  }
}
