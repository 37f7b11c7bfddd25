/**
 * Who is calling the HTTP API and whether they hold the app role a route needs (ADR 0013).
 *
 * keys mode: the Functions host has checked the key (`authLevel: function`). The host knows which
 * key matched (azure-functions-host AuthenticationLevelHandler adds a `keyid` claim) and sends that
 * identity in RpcHttp.identities, but @azure/functions 4.x builds `request.user` from the
 * x-ms-client-principal headers only and drops the identities: the app never learns the key's
 * name. So winshift hashes the key the caller sent (x-functions-key, else `code`, as the host reads
 * them) and names it by WINSHIFT_FUNCTION_KEY_NAMES; an unlisted key is named by a short prefix of
 * its SHA-256, never by the key. Every key holds every role (keys mode is today's behaviour).
 *
 * entra mode: App Service Authentication has validated the bearer token and injected
 * x-ms-client-principal (base64 JSON {auth_typ, claims [{typ, val}], name_typ, role_typ};
 * learn.microsoft.com/azure/app-service/configure-authentication-user-identities), which external
 * requests cannot set. A call without a principal may present a function key instead (automation):
 * the routes are anonymous to the Functions host in this mode, so winshift itself accepts only a key
 * whose SHA-256 WINSHIFT_FUNCTION_KEY_NAMES lists, recorded by that name, holding every role
 * (ADR 0013). Anything else is a 401.
 */
import { createHash } from 'node:crypto';
import type { AuthSettings } from '../app/deps.js';
import {
  APP_ROLES,
  callerOfClientPrincipal,
  missingRole,
  type AppRole,
  type Caller,
} from '../domain/identity.js';
import { problem, type ApiResponse } from './problem.js';
import type { ApiRequest } from './request.js';

export type Identified =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly response: ApiResponse };

export const CLIENT_PRINCIPAL_HEADER = 'x-ms-client-principal';

/** The key a caller sent: the header first, then the `code` query parameter (the host's order). */
function presentedKey(request: ApiRequest): string | undefined {
  const header = request.headers.get('x-functions-key');
  if (header) return header;
  for (const [name, value] of request.query.entries()) if (name === 'code' && value) return value;
  return undefined;
}

/** SHA-256 of a key in hex: what WINSHIFT_FUNCTION_KEY_NAMES lists. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyCaller(
  key: string | undefined,
  names: Readonly<Record<string, string>>,
): Caller {
  if (key === undefined)
    return { id: 'key:none', name: 'no key', kind: 'functionKey', roles: APP_ROLES };
  const hash = keyHash(key);
  const name = names[hash] ?? `sha256:${hash.slice(0, 12)}`;
  return { id: `key:${name}`, name: `key ${name}`, kind: 'functionKey', roles: APP_ROLES };
}

function unauthenticated(detail: string, auth: AuthSettings): ApiResponse {
  const answer = problem(
    401,
    detail,
    { code: 'UNAUTHORIZED' },
    {
      slug: 'unauthenticated',
      title: 'Sign in with Entra ID',
    },
  );
  const scope = auth.apiClientId ? ` scope="api://${auth.apiClientId}/.default"` : '';
  return { ...answer, headers: { ...answer.headers, 'www-authenticate': `Bearer${scope}` } };
}

function principalCaller(request: ApiRequest, auth: AuthSettings): Identified {
  const header = request.headers.get(CLIENT_PRINCIPAL_HEADER);
  if (!header)
    return {
      ok: false,
      response: unauthenticated(
        'no signed-in principal: call with a bearer token for the API (App Service Authentication validates it), or with a function key WINSHIFT_FUNCTION_KEY_NAMES lists',
        auth,
      ),
    };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const reading = callerOfClientPrincipal(payload);
  if (!reading.ok)
    return {
      ok: false,
      response: unauthenticated(`${CLIENT_PRINCIPAL_HEADER}: ${reading.problem}`, auth),
    };
  return { ok: true, caller: reading.caller };
}

/** entra mode without a principal: a key winshift knows by name, else the 401 to answer. */
function listedKeyCaller(request: ApiRequest, auth: AuthSettings): Identified | undefined {
  const key = presentedKey(request);
  if (key === undefined) return undefined;
  const name = auth.keyNames[keyHash(key)];
  if (name === undefined)
    return {
      ok: false,
      response: unauthenticated(
        'this function key is not one WINSHIFT_FUNCTION_KEY_NAMES lists: in entra mode only listed keys are accepted; or call with a bearer token for the API',
        auth,
      ),
    };
  return { ok: true, caller: keyCaller(key, auth.keyNames) };
}

/** The caller of a request, or the 401 to answer. */
export function identify(request: ApiRequest, auth: AuthSettings | undefined): Identified {
  if (auth?.mode === 'entra') {
    if (request.headers.get(CLIENT_PRINCIPAL_HEADER)) return principalCaller(request, auth);
    return listedKeyCaller(request, auth) ?? principalCaller(request, auth);
  }
  return { ok: true, caller: keyCaller(presentedKey(request), auth?.keyNames ?? {}) };
}

/** The caller if they hold `role`; else the 401, or the 403 problem naming the role they lack. */
export function authorize(
  request: ApiRequest,
  auth: AuthSettings | undefined,
  role: AppRole,
): Identified {
  const who = identify(request, auth);
  if (!who.ok) return who;
  const lacking = missingRole(who.caller, role);
  if (lacking === undefined) return who;
  const held = who.caller.roles.length > 0 ? who.caller.roles.join(', ') : 'no winshift role';
  return {
    ok: false,
    response: problem(
      403,
      `this call needs the app role ${lacking}; ${who.caller.name} holds ${held}`,
      { code: 'FORBIDDEN', requiredRole: lacking, roles: who.caller.roles },
      { slug: 'missing-role', title: 'The caller lacks the app role this call needs' },
    ),
  };
}
