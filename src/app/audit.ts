/**
 * The audit of requests (docs/adr/0014): start, approve, cancel and terminate each append an entry
 * `attempted` before they change anything, naming who asked (the actor), through which entry point
 * and why, and complete it `done` or `failed` with the refusal's code. The status reads them back
 * to say who started, approved, cancelled or terminated a run; GET /api/upgrades/{id}/audit and GET
 * /api/audit serve them.
 */
import { winshiftActor, type Actor } from '../domain/identity.js';
import {
  entryPointOf,
  type AuditEntry,
  type AuditRequest,
  type EntryPoint,
} from '../domain/audit.js';
import { errorCodeOf } from '../domain/errors.js';
import { isAutomaticStart, type StartedBy } from '../domain/upgrade-state.js';
import { runAudited, type AuditPage, type AuditQuery } from '../ports/audit.js';
import type { AppDeps } from './deps.js';

/** Who made a request (unnamed only for callers outside the HTTP API), and through which entry point. */
export interface Requester {
  readonly actor?: Actor;
  readonly entryPoint: EntryPoint;
}

/** The requester of a start: the caller, else winshift itself for its own starts (scan, events). */
export function requesterOf(startedBy: StartedBy, actor?: Actor): Requester {
  const own = isAutomaticStart(startedBy) ? winshiftActor(startedBy) : undefined;
  const who = actor ?? own;
  return { ...(who ? { actor: who } : {}), entryPoint: entryPointOf(startedBy) };
}

export const HTTP_REQUESTER: Requester = requesterOf('http');

export interface RequestAudit {
  readonly operation: AuditRequest;
  readonly runId: string;
  readonly instanceId: string;
  readonly clusterResourceId?: string;
  readonly requester: Requester;
  readonly reason?: string;
}

type AuditDeps = Pick<AppDeps, 'audit'> & Partial<Pick<AppDeps, 'log'>>;

/**
 * Runs a request between its entry's append and completion; `refusedBy` names the code of an answer
 * that changed nothing (a 404, a 409). An append that fails stops the request: nothing unaudited
 * is changed. A completion that fails is logged; the entry stays `attempted`.
 */
export async function auditedRequest<T>(
  deps: AuditDeps,
  request: RequestAudit,
  run: () => Promise<T>,
  refusedBy: (result: T) => string | undefined,
): Promise<T> {
  if (deps.audit === undefined) return run();
  const handle = await deps.audit.append({
    runId: request.runId,
    instanceId: request.instanceId,
    ...(request.clusterResourceId ? { clusterResourceId: request.clusterResourceId } : {}),
    kind: 'request',
    operation: request.operation,
    target: request.instanceId,
    ...(request.requester.actor ? { actor: request.requester.actor } : {}),
    entryPoint: request.requester.entryPoint,
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
  });
  return runAudited(handle, run, {
    refusedBy,
    onUncompleted: (error) =>
      deps.log?.warn(`audit entry of ${request.operation} left attempted`, {
        step: request.operation,
        instanceId: request.instanceId,
        code: errorCodeOf(error),
      }),
  });
}

export type RunAuditResult =
  | { readonly outcome: 'found'; readonly runId: string; readonly entries: readonly AuditEntry[] }
  | { readonly outcome: 'notFound' };

/** A run's audit: the pool's latest run (the upgrades row names it), or the run asked for. */
export async function runAudit(
  deps: Pick<AppDeps, 'audit' | 'store'>,
  instanceId: string,
  runId?: string,
): Promise<RunAuditResult> {
  const row = await deps.store.getUpgrade(instanceId);
  const run = runId ?? row?.runId ?? (row ? instanceId : undefined);
  if (run === undefined || deps.audit === undefined) return { outcome: 'notFound' };
  const entries = await deps.audit.listRun(run);
  // A run id names entries of its own instance only.
  const own = entries.filter((e) => e.instanceId === undefined || e.instanceId === instanceId);
  if (own.length === 0 && row === undefined) return { outcome: 'notFound' };
  return { outcome: 'found', runId: run, entries: own };
}

export type AuditListResult =
  { readonly outcome: 'page'; readonly page: AuditPage } | { readonly outcome: 'badToken' };

export async function listAudit(
  deps: Pick<AppDeps, 'audit'>,
  query: AuditQuery,
): Promise<AuditListResult> {
  if (deps.audit === undefined) return { outcome: 'page', page: { items: [] } };
  try {
    return { outcome: 'page', page: await deps.audit.list(query) };
  } catch (error) {
    if (query.continuationToken !== undefined && errorCodeOf(error) === 'INVALID_INPUT')
      return { outcome: 'badToken' };
    throw error;
  }
}
