/**
 * The queries of the audit routes (zod, strict like every request: app/requests.ts):
 * GET /api/upgrades/{id}/audit and GET /api/audit.
 */
import { z } from 'zod';
import {
  clusterResourceId,
  continuationToken,
  fieldErrors,
  pageSize,
  type Parsed,
} from './requests.js';

/** `7d`, `12h`, `30m`: that long before now. */
export const RELATIVE_TIME = /^(\d{1,5})([dhm])$/;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** An ISO date-time, or a duration before `now` (`7d`), as an ISO date-time; undefined if neither. */
export function sinceTime(text: string, now: Date): string | undefined {
  const relative = RELATIVE_TIME.exec(text);
  if (relative) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[unit]).toISOString();
  }
  const time = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(time.getTime())
    ? time.toISOString()
    : undefined;
}

export const runAuditQuery = z
  .strictObject({
    format: z
      .enum(['json', 'csv'], { error: 'must be json or csv' })
      .default('json')
      .describe(
        'json: {id, runId, entries}; csv: one row per entry after a header row (RFC 4180).',
      ),
    runId: z
      .string()
      .regex(/^[0-9a-z-]{1,64}$/, { error: 'is not a run id' })
      .optional()
      .describe("Another run of the pool (default: its latest, the upgrades row's runId)."),
  })
  .describe('Query of GET /api/upgrades/{id}/audit.');

export const auditListQuery = z
  .strictObject({
    since: z
      .string()
      .refine((text) => sinceTime(text, new Date()) !== undefined, {
        error:
          'must be an ISO 8601 date-time (2026-11-01T00:00:00Z) or a duration such as 7d, 12h, 30m',
      })
      .default('7d')
      .describe('Entries at or after this time, or this long ago (7d, 12h, 30m); default 7d.'),
    cluster: clusterResourceId.optional().describe('Only entries about this cluster.'),
    actor: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional()
      .describe(
        "Only requests of this actor, by id: an Entra object id (any letter case), key:<the key's name> (keys mode), or winshift (the fleet scan's and AKS events' starts).",
      ),
    pageSize: pageSize(1000, 100, 'Entries'),
    continuationToken,
  })
  .describe('Filters and paging of GET /api/audit.');

export type RunAuditQuery = z.output<typeof runAuditQuery>;
export type AuditListQuery = z.output<typeof auditListQuery>;

function parse<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: fieldErrors(result.error) };
}

export const parseRunAuditQuery = (input: unknown): Parsed<RunAuditQuery> =>
  parse(runAuditQuery, input);
export const parseAuditListQuery = (input: unknown): Parsed<AuditListQuery> =>
  parse(auditListQuery, input);
