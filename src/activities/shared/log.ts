/**
 * Structured activity logs: one JSON object per event with the fields a person searching logs filters
 * on (step, instanceId, cluster, pool). Fields are a closed set of names and plain values, so nothing
 * secret can ride along: activities never hold a secret's value in the first place (Key Vault is
 * asked about existence and access only), and no free-form object is ever logged.
 */
import type { ActivityLog, ActivityLogFields } from '../../ports/log.js';

export type { ActivityLog, ActivityLogFields };

/** Writes JSON lines (Functions forwards stdout to Application Insights traces). */
export function jsonLineLog(write: (line: string) => void = (l) => console.log(l)): ActivityLog {
  const emit = (level: 'info' | 'warn', message: string, fields: ActivityLogFields): void =>
    write(JSON.stringify({ level, message, ...fields }));
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
  };
}

/** For tests and callers that log elsewhere. */
export const silentLog: ActivityLog = { info: () => undefined, warn: () => undefined };
