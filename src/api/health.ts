/**
 * GET /api/health: 200 when the configuration is valid and the store answers, else 503 listing the
 * problems. Problems name settings and services, never their values (a connection string holds a key).
 */
import { errorCodeOf, messageWithoutCode } from '../domain/errors.js';
import type { App } from '../app/index.js';
import type { LoadApp } from './deps.js';
import { authorize } from './identity.js';
import { json, problem, type ApiResponse } from './problem.js';
import type { ApiRequest } from './request.js';

const SECRET_PATTERN = /(AccountKey|SharedAccessSignature|sig|password|token)=[^;&\s]+/gi;

/** A problem's text with anything that looks like a credential cut out. */
export function withoutSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '$1=***');
}

/**
 * Configuration problems are told to any caller the host let through (their names only): with an
 * invalid configuration winshift cannot tell who is calling. A valid one needs Winshift.Read.
 */
export async function healthHandler(load: LoadApp, request?: ApiRequest): Promise<ApiResponse> {
  let app: App;
  try {
    app = load();
  } catch (error) {
    const message = error instanceof Error ? messageWithoutCode(error.message) : String(error);
    return problem(503, 'the configuration is invalid', {
      problems: [withoutSecrets(message)],
      checks: { configuration: 'invalid', storage: 'unchecked' },
    });
  }
  if (request !== undefined) {
    const who = authorize(request, app.deps.settings.auth, 'Winshift.Read');
    if (!who.ok) return who.response;
  }
  try {
    await app.list({ pageSize: 1 });
  } catch (error) {
    const code = errorCodeOf(error);
    return problem(503, 'storage is not reachable', {
      problems: [`storage (${code}): the upgrades table could not be read`],
      checks: { configuration: 'valid', storage: 'unreachable' },
    });
  }
  return json(200, {
    status: 'healthy',
    checks: { configuration: 'valid', storage: 'reachable' },
    taskHub: app.deps.settings.taskHub,
    subscriptions: app.deps.settings.subscriptions.length,
  });
}
