/**
 * The settings of who may call winshift (ADR 0013), read by src/config.ts with the rest: the mode
 * (function keys or Entra ID through App Service Authentication), four-eyes approval, the app
 * registration's client id and the names of function keys.
 */

/** The shape of src/config.ts SETTINGS entries (kept here so the two modules do not import each other). */
interface AuthSettingSpec {
  readonly name: string;
  readonly required: boolean;
  readonly default?: string;
  readonly description: string;
}

export const AUTH_MODES = ['keys', 'entra'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface AuthConfig {
  readonly mode: AuthMode;
  /** WINSHIFT_APPROVAL_SEPARATION: the approver must differ from who started the run. */
  readonly approvalSeparation: boolean;
  /** WINSHIFT_API_CLIENT_ID: the app registration Easy Auth validates tokens for (entra). */
  readonly apiClientId?: string;
  /** WINSHIFT_FUNCTION_KEY_NAMES, inverted: SHA-256 (hex) of a key -> its name. */
  readonly keyNames: Readonly<Record<string, string>>;
}

export const AUTH_SETTINGS: readonly AuthSettingSpec[] = [
  {
    name: 'WINSHIFT_AUTH',
    required: false,
    default: 'keys',
    description:
      'keys | entra: who may call the HTTP API. keys: a Functions key (every caller may do everything); entra: App Service Authentication signs callers in with Entra ID and winshift checks their app roles (Winshift.Read, Winshift.Operate, Winshift.Approve). infra sets entra.',
  },
  {
    name: 'WINSHIFT_APPROVAL_SEPARATION',
    required: false,
    description:
      'on | off: the approver of a run must be someone other than who started it (four eyes). Default on in entra mode, off in keys mode.',
  },
  {
    name: 'WINSHIFT_API_CLIENT_ID',
    required: false,
    description:
      "entra mode (required there): client id of winshift's app registration, the audience of its tokens (api://<client id>).",
  },
  {
    name: 'WINSHIFT_FUNCTION_KEY_NAMES',
    required: false,
    description:
      'JSON {"<name>": "<SHA-256 hex of the key>"}: the name a run records for a caller holding that Functions key (the host does not tell the app which key matched); an unlisted key is recorded as key sha256:<first 12 hex digits>. In entra mode these are the only keys accepted (a call without a token), each holding every role.',
  },
];

type Env = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** WINSHIFT_AUTH alone (invalid or unset: keys, whose host-level key check fails closed). */
export function authModeOf(env: Env): AuthMode {
  const raw = value(env, 'WINSHIFT_AUTH');
  return AUTH_MODES.find((mode) => mode === raw) ?? 'keys';
}

function separation(env: Env, mode: AuthMode, problems: string[]): boolean {
  const raw = value(env, 'WINSHIFT_APPROVAL_SEPARATION');
  if (raw === undefined) return mode === 'entra';
  if (raw === 'on' || raw === 'off') return raw === 'on';
  problems.push(`WINSHIFT_APPROVAL_SEPARATION: "${raw}" is not on or off`);
  return true;
}

function keyNames(env: Env, problems: string[]): Record<string, string> {
  const raw = value(env, 'WINSHIFT_FUNCTION_KEY_NAMES');
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('WINSHIFT_FUNCTION_KEY_NAMES: not JSON ({"<name>": "<SHA-256 hex>"})');
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('WINSHIFT_FUNCTION_KEY_NAMES: not a JSON object ({"<name>": "<SHA-256 hex>"})');
    return {};
  }
  const names: Record<string, string> = {};
  for (const [name, hash] of Object.entries(parsed)) {
    if (!KEY_NAME.test(name))
      problems.push(
        `WINSHIFT_FUNCTION_KEY_NAMES: "${name}" is not a key name (1-64 letters, digits, . _ -)`,
      );
    else if (typeof hash !== 'string' || !SHA256_HEX.test(hash))
      problems.push(`WINSHIFT_FUNCTION_KEY_NAMES.${name}: not a SHA-256 in hex (64 digits)`);
    else names[hash.toLowerCase()] = name;
  }
  return names;
}

/**
 * The auth settings. In Azure (`WEBSITE_INSTANCE_ID` set) entra mode also needs App Service
 * Authentication on, which the platform says with `WEBSITE_AUTH_ENABLED` (the Functions host reads
 * the same variable: azure-functions-host EnvironmentSettingNames.EasyAuthEnabled): without it
 * nothing strips a client-sent x-ms-client-principal header, so winshift refuses to run.
 */
export function authConfig(env: Env, problems: string[]): AuthConfig {
  const raw = value(env, 'WINSHIFT_AUTH');
  if (raw !== undefined && !AUTH_MODES.some((mode) => mode === raw))
    problems.push(`WINSHIFT_AUTH: "${raw}" is not one of ${AUTH_MODES.join(', ')}`);
  const mode = authModeOf(env);
  const apiClientId = value(env, 'WINSHIFT_API_CLIENT_ID');
  if (apiClientId !== undefined && !GUID.test(apiClientId))
    problems.push(`WINSHIFT_API_CLIENT_ID: "${apiClientId}" is not a client id (GUID)`);
  if (mode === 'entra' && apiClientId === undefined)
    problems.push(
      "WINSHIFT_API_CLIENT_ID: required when WINSHIFT_AUTH is entra (the app registration's client id)",
    );
  const inAzure = value(env, 'WEBSITE_INSTANCE_ID') !== undefined;
  if (mode === 'entra' && inAzure && value(env, 'WEBSITE_AUTH_ENABLED')?.toLowerCase() !== 'true')
    problems.push(
      'WINSHIFT_AUTH: entra needs App Service Authentication on for this app (WEBSITE_AUTH_ENABLED is not True): without it a caller could send its own x-ms-client-principal',
    );
  return {
    mode,
    approvalSeparation: separation(env, mode, problems),
    ...(apiClientId !== undefined ? { apiClientId: apiClientId.toLowerCase() } : {}),
    keyNames: keyNames(env, problems),
  };
}
