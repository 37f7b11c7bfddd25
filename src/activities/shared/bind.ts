/**
 * Binding an activity to the Durable boundary: the input the orchestrator sent is checked against
 * the activity's contract before the activity runs, and what it returns is checked before it goes
 * back (CONTRACT_MISMATCH either way, never a cast). Failures are logged with their code (never with
 * payloads) and rethrown, so Durable hands `[CODE] message` to the orchestrator.
 */
import type { z } from 'zod';
import { errorCodeOf } from '../../domain/errors.js';
import { checkContract } from '../../workflow/contracts/index.js';
import type { ActivityLog } from './log.js';

export type ActivityHandler = (input: unknown) => Promise<unknown>;

interface Contract<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
}

const instanceIdOf = (input: unknown): string => {
  const value = (input as { instanceId?: unknown } | null | undefined)?.instanceId;
  return typeof value === 'string' ? value : '';
};

export function bindActivity<I extends z.ZodType, O extends z.ZodType>(
  log: ActivityLog,
  name: string,
  contract: Contract<I, O>,
  run: (input: z.output<I>) => Promise<z.input<O>>,
): ActivityHandler {
  return async (input) => {
    try {
      const args = checkContract(contract.input, input, `${name} was given`);
      return checkContract(contract.output, await run(args), `${name} returned`);
    } catch (error) {
      log.warn(`activity ${name} failed`, {
        step: name,
        instanceId: instanceIdOf(input),
        code: errorCodeOf(error),
      });
      throw error;
    }
  };
}
