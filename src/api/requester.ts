/**
 * Who made an HTTP request, for the audit (app/audit.ts). In keys mode a request proves only that
 * its caller holds the function key: the actor is `key:function-key`. The CLI says it is the CLI
 * (`x-winshift-client: cli`), so its requests are audited with entry point `cli`.
 */
import { FUNCTION_KEY_ACTOR } from '../domain/actor.js';
import type { Requester } from '../app/index.js';
import type { ApiRequest } from './request.js';

export const CLIENT_HEADER = 'x-winshift-client';

export function requesterOf(request: ApiRequest): Requester {
  const cli = request.headers.get(CLIENT_HEADER)?.toLowerCase() === 'cli';
  return { actor: FUNCTION_KEY_ACTOR, entryPoint: cli ? 'cli' : 'http' };
}
