/**
 * Activity inputs arrive as JSON from the orchestrator: checked for the fields an activity relies on,
 * so a contract drift fails with a clear code instead of an undefined deep inside.
 */
import { WinshiftError } from '../../domain/errors.js';

export type ActivityHandler = (input: unknown) => Promise<unknown>;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The input as `T` once the fields every activity relies on are present. */
export function inputOf<T>(name: string, input: unknown, fields: readonly string[]): T {
  const missing = isRecord(input) ? fields.filter((f) => input[f] === undefined) : fields;
  if (missing.length > 0)
    throw new WinshiftError('INVALID_INPUT', `${name}: input lacks ${missing.join(', ')}`);
  return input as T;
}
