import type { TokenRequest } from '../entra/issuer.js';
import type { LatencyProfile } from '../state/scenario.js';
import type { EmulatorContext } from './context.js';
import { validateFault } from './faults.js';
import { armError, json, type SandboxRequest, type SandboxResponse } from './http.js';

/** Path prefix of the admin API on the ARM host (`https://management.azure.com/_sandbox/...`). */
export const ADMIN_PREFIX = '/_sandbox/';

const LATENCY_KEYS = [
  'requestMs',
  'operationMs',
  'poolProvisioningMs',
  'poolDeletionMs',
  'lroRetryAfterSeconds',
];

/** Merges the given latencies over the current ones (operations already running keep theirs). */
export function applyLatency(emulator: EmulatorContext, profile: LatencyProfile): void {
  const defined = Object.entries(profile).filter(
    ([key, value]) => value !== undefined && LATENCY_KEYS.includes(key),
  );
  emulator.latency = { ...emulator.latency, ...Object.fromEntries(defined) };
}

function setLatency(emulator: EmulatorContext, body: unknown): SandboxResponse {
  const valid =
    typeof body === 'object' &&
    body !== null &&
    Object.entries(body).every(
      ([key, value]) =>
        LATENCY_KEYS.includes(key) &&
        (key === 'operationMs'
          ? typeof value === 'object' && value !== null
          : typeof value === 'number' && value >= 0),
    );
  if (!valid)
    return armError(
      400,
      'InvalidLatency',
      `latency keys are ${LATENCY_KEYS.join(', ')} (milliseconds / seconds >= 0)`,
    );
  applyLatency(emulator, body);
  return json(200, emulator.latency);
}

function addFaults(emulator: EmulatorContext, body: unknown): SandboxResponse {
  const specs = Array.isArray(body) ? (body as unknown[]) : [body];
  try {
    const validated = specs.map(validateFault);
    const armed = validated.map((spec) => emulator.faults.add(spec));
    return json(201, { value: armed });
  } catch (error) {
    return armError(400, 'InvalidFault', error instanceof Error ? error.message : String(error));
  }
}

const TOKEN_FIELDS: Readonly<Record<keyof TokenRequest, (value: unknown) => boolean>> = {
  audience: (v) => typeof v === 'string' && v !== '',
  roles: (v) => Array.isArray(v) && v.every((role) => typeof role === 'string'),
  name: (v) => typeof v === 'string' && v !== '',
  objectId: (v) => typeof v === 'string' && v !== '',
  application: (v) => typeof v === 'boolean',
  clientId: (v) => typeof v === 'string' && v !== '',
  lifetimeSeconds: (v) => typeof v === 'number' && Number.isInteger(v),
};

/** An access token of the scenario's tenant (entra/issuer.ts), for the API named by `audience`. */
function issueToken(emulator: EmulatorContext, body: unknown): SandboxResponse {
  const fields = typeof body === 'object' && body !== null ? Object.entries(body) : undefined;
  const bad = (fields ?? []).filter(
    ([key, value]) => !(key in TOKEN_FIELDS) || !TOKEN_FIELDS[key as keyof TokenRequest](value),
  );
  if (fields === undefined || bad.length > 0 || !('audience' in (body as object)))
    return armError(
      400,
      'InvalidTokenRequest',
      `a token request is {audience, roles?, name?, objectId?, application?, clientId?, lifetimeSeconds?}${bad.length > 0 ? `; wrong: ${bad.map(([key]) => key).join(', ')}` : ''}`,
    );
  return json(200, emulator.entra.issue(body as TokenRequest));
}

/**
 * The admin API (not recorded as an operation):
 * - `GET /_sandbox/operations`: every operation served, `{ value: OperationRecord[] }`; `DELETE` clears.
 * - `GET /_sandbox/latency`: current latencies; `PUT` merges a LatencyProfile over them.
 * - `GET /_sandbox/faults`: armed faults; `POST` a FaultSpec or an array of them; `DELETE` clears all,
 *   or those of one operation with `?operationId=`.
 * - `POST /_sandbox/tokens`: an access token of the tenant's issuer, `{accessToken, expiresOn,
 *   claims}` (`npm run token`).
 */
export function handleAdmin(emulator: EmulatorContext, request: SandboxRequest): SandboxResponse {
  const resource = request.url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  const key = `${request.method} ${resource}`;
  switch (key) {
    case 'GET operations':
      return json(200, { value: emulator.operations.list() });
    case 'DELETE operations':
      emulator.operations.clear();
      return { status: 204 };
    case 'GET faults':
      return json(200, { value: emulator.faults.list() });
    case 'POST faults':
      return addFaults(emulator, request.body);
    case 'GET latency':
      return json(200, emulator.latency);
    case 'PUT latency':
      return setLatency(emulator, request.body);
    case 'POST tokens':
      return issueToken(emulator, request.body);
    case 'DELETE faults':
      emulator.faults.clear(request.url.searchParams.get('operationId') ?? undefined);
      return { status: 204 };
    default:
      return armError(
        404,
        'NotFound',
        `unknown admin resource ${request.method} ${request.url.pathname}`,
      );
  }
}
