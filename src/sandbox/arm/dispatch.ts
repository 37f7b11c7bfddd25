import { setTimeout as delay } from 'node:timers/promises';
import { aksError, reshapeAksError } from './aks-errors.js';
import { ACCEPTED_API_VERSIONS, providerOf } from './api-versions.js';
import type { EmulatorContext } from './context.js';
import { armError, type SandboxRequest, type SandboxResponse } from './http.js';
import type { Route, Router } from './router.js';
import { principalOfToken } from '../keyvault/access.js';
import type { FaultSpec } from '../state/scenario.js';

/** One emulated service behind a host name. */
export interface Service {
  readonly name: string;
  readonly router: Router;
  /** Which api-version list applies ('provider' = by the ARM path's provider namespace). */
  readonly apiVersions: 'provider' | 'keyvault-data' | 'none';
}

function checkApiVersion(
  service: Service,
  route: Route,
  request: SandboxRequest,
): SandboxResponse | undefined {
  if (service.apiVersions === 'none' || route.apiVersioned === false) return undefined;
  const version = request.url.searchParams.get('api-version');
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const key =
    service.apiVersions === 'keyvault-data' ? 'keyvault-data' : providerOf(request.url.pathname);
  const accepted = key ? ACCEPTED_API_VERSIONS[key] : undefined;
  if (!accepted || accepted.includes(version)) return undefined;
  return armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location and API version '${version}'. The supported api-versions are '${accepted.join(', ')}'.`,
  );
}

/** ARM requires a bearer token on every call (Key Vault and registries run their own challenges). */
function checkAuthentication(
  service: Service,
  request: SandboxRequest,
): SandboxResponse | undefined {
  if (
    service.apiVersions !== 'provider' ||
    /^Bearer\s+\S+/i.test(request.headers.authorization ?? '')
  ) {
    return undefined;
  }
  return {
    status: 401,
    headers: {
      'WWW-Authenticate':
        'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
    },
    body: {
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    },
  };
}

/**
 * ARM's RBAC refusal: 403 AuthorizationFailed, "The client '...' with object id '...' does not have
 * authorization to perform action '...' over scope '...'"
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 */
function forbiddenResponse(fault: FaultSpec): SandboxResponse {
  return armError(
    403,
    fault.code ?? 'AuthorizationFailed',
    fault.message ??
      `The client does not have authorization to perform ${fault.operationId} over this scope or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** An injected fault's answer; a conflict on an AKS operation is the resource provider's own. */
function faultResponse(fault: FaultSpec, request: SandboxRequest): SandboxResponse | undefined {
  switch (fault.kind) {
    case 'throttle': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return {
        status: 429,
        headers: { 'Retry-After': String(seconds) },
        body: {
          error: {
            code: fault.code ?? 'TooManyRequests',
            message: fault.message ?? `Too many requests. Retry after ${seconds} seconds.`,
          },
        },
      };
    }
    case 'serverError': {
      const status = fault.status ?? 500;
      const code = fault.code ?? (status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
      return armError(status, code, fault.message ?? 'The sandbox injected a server error.');
    }
    case 'conflict': {
      const code = fault.code ?? 'Conflict';
      const message = fault.message ?? 'The sandbox injected a conflict.';
      return providerOf(request.url.pathname) === 'microsoft.containerservice'
        ? aksError(409, code, message)
        : armError(409, code, message);
    }
    case 'forbidden':
      return forbiddenResponse(fault);
    default:
      return undefined;
  }
}

/** Routes one request: api-version, latency, faults, handler; records what was served. */
export async function dispatch(
  emulator: EmulatorContext,
  service: Service,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const match = service.router.match(request.method, request.url.pathname);
  const record = (operationId: string, pathTemplate: string, status: number): void => {
    emulator.operations.add({
      at: new Date().toISOString(),
      host: request.host,
      method: request.method,
      operationId,
      pathTemplate,
      apiVersion: request.url.searchParams.get('api-version') ?? undefined,
      principalId: principalOfToken(request.headers.authorization),
      status,
    });
  };
  if (!match) {
    const response = service.router.knowsPath(request.url.pathname)
      ? armError(
          405,
          'MethodNotAllowed',
          `The method '${request.method}' is not allowed on ${request.url.pathname}.`,
        )
      : armError(
          404,
          'NotFound',
          `The sandbox's ${service.name} does not serve ${request.method} ${request.url.pathname}.`,
        );
    record('Unknown', request.url.pathname, response.status);
    return response;
  }
  const { route, params } = match;
  const answered = await respond(emulator, service, route, params, request);
  const response = reshapeAksError(answered, emulator.aksErrorsWrapped);
  record(route.operationId, route.template, response.status);
  return response;
}

async function respond(
  emulator: EmulatorContext,
  service: Service,
  route: Route,
  params: Record<string, string>,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const refused = checkAuthentication(service, request) ?? checkApiVersion(service, route, request);
  if (refused) return refused;
  const outcome = emulator.faults.take(route.operationId, route.lro === true);
  const latencyMs =
    (emulator.latency.operationMs?.[route.operationId] ?? emulator.latency.requestMs) +
    outcome.delayMs;
  if (latencyMs > 0) await delay(latencyMs);
  const injected = outcome.failure ? faultResponse(outcome.failure, request) : undefined;
  if (injected) return injected;
  const lroFailure =
    outcome.failure?.kind === 'lroFailed'
      ? {
          code: outcome.failure.code ?? 'QuotaExceeded',
          message:
            outcome.failure.message ??
            'Operation could not be completed as it results in exceeding approved quota.',
        }
      : undefined;
  try {
    return await route.handle({ request, params, emulator, lroFailure });
  } catch (error) {
    return armError(
      500,
      'InternalServerError',
      `sandbox handler failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
