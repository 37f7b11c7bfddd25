/**
 * Values crossing the Durable boundary are checked against their contract's schema on both sides:
 * the activity binding checks what it is given and what it returns, the orchestrator checks what an
 * activity returned and its own input. A mismatch is a CONTRACT_MISMATCH naming the fields, never a
 * cast that lets an undefined travel deep into the run.
 */
import type { z } from 'zod';
import { WinshiftError } from '../../domain/errors.js';

const MAX_ISSUES = 5;

/** `value` as the schema's output, or CONTRACT_MISMATCH naming `what` and the first bad fields. */
export function checkContract<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`);
  const more =
    parsed.error.issues.length > MAX_ISSUES
      ? ` and ${parsed.error.issues.length - MAX_ISSUES} more`
      : '';
  throw new WinshiftError('CONTRACT_MISMATCH', `${what}: ${issues.join('; ')}${more}`);
}
