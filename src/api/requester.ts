/**
 * Who made an HTTP request, for the audit (app/audit.ts): the caller identity.ts named (a function
 * key's name, or the Entra principal App Service Authentication passed; their roles are not kept),
 * and the entry point. The CLI says it is the CLI (`x-winshift-client: cli`), so its requests are
 * audited with entry point `cli`.
 */
import type { Requester } from '../app/index.js';
import type { Caller } from '../domain/identity.js';
import type { ApiRequest } from './request.js';

export const CLIENT_HEADER = 'x-winshift-client';

export function requesterOf(request: ApiRequest, caller: Caller | undefined): Requester {
  const cli = request.headers.get(CLIENT_HEADER)?.toLowerCase() === 'cli';
  const actor = caller ? { id: caller.id, name: caller.name, kind: caller.kind } : undefined;
  return { ...(actor ? { actor } : {}), entryPoint: cli ? 'cli' : 'http' };
}
