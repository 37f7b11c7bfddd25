/**
 * Structured logs: one event with the fields a person searching logs filters on (step, instanceId,
 * cluster, pool). Fields are a closed set of names and plain values, so nothing secret can ride along.
 */
export interface ActivityLogFields {
  readonly step: string;
  readonly instanceId: string;
  readonly cluster?: string;
  readonly pool?: string;
  readonly workload?: string;
  readonly outcome?: string;
  readonly count?: number;
  readonly code?: string;
}

export interface ActivityLog {
  info(message: string, fields: ActivityLogFields): void;
  warn(message: string, fields: ActivityLogFields): void;
}

/** The application layer logs through the same port. */
export type AppLog = ActivityLog;
