/**
 * AccessPort over ARM: winshift's own permissions at a scope from the permissions API (`GET {scope}/
 * providers/Microsoft.Authorization/permissions`, Permissions_ListForResource in azure-rest-api-specs
 * authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json; "Gets all permissions the
 * caller has for a resource"), and its own principal id: the WINSHIFT_PRINCIPAL_ID setting, else the
 * `oid` claim of its ARM access token (Microsoft identity platform access token claims: `oid` is the
 * object id of the principal the token was issued to, a managed identity's service principal).
 */
import type { TokenCredential } from '@azure/core-auth';
import { WinshiftError } from '../../domain/errors.js';
import type { AccessPort, PermissionSet } from '../../ports/access.js';
import { azureCall, type AzureErrorOptions } from '../errors.js';
import { ARM_ENDPOINT, createArmList, type ArmList } from './arm-list.js';
import type { AzureClientContext } from './clients.js';

const PERMISSIONS_API_VERSION = '2022-04-01';
const AUTHORIZATION: AzureErrorOptions = { service: 'authorization' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function toPermissionSet(item: unknown): PermissionSet {
  const entry = (item ?? {}) as Record<string, unknown>;
  return {
    actions: strings(entry['actions']),
    notActions: strings(entry['notActions']),
    dataActions: strings(entry['dataActions']),
    notDataActions: strings(entry['notDataActions']),
  };
}

/** The `oid` claim of a JWT access token, when the token is one and carries a GUID there. */
export function objectIdOfToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      oid?: unknown;
    };
    return typeof claims.oid === 'string' && GUID.test(claims.oid) ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}

/** A resource scope the permissions API answers for: inside a subscription, no query or `..`. */
function checkedScope(scope: string): string {
  const trimmed = scope.trim().replace(/\/+$/, '');
  if (!/^\/subscriptions\/[^/?#]+(\/[^/?#]+)*$/i.test(trimmed) || trimmed.includes('/../')) {
    throw new WinshiftError('INVALID_INPUT', `"${scope}" is not an ARM resource scope`);
  }
  return trimmed;
}

export interface AccessAdapterOptions {
  /** WINSHIFT_PRINCIPAL_ID: winshift's object id, when the deployment says it. */
  readonly principalId?: string | undefined;
}

class AccessAdapter implements AccessPort {
  readonly #list: ArmList;
  readonly #credential: TokenCredential;
  readonly #principalId: string | undefined;

  constructor(context: AzureClientContext, options: AccessAdapterOptions) {
    this.#list = createArmList(context);
    this.#credential = context.credential;
    this.#principalId = options.principalId;
  }

  async permissionsAt(scope: string): Promise<readonly PermissionSet[]> {
    const path = `${checkedScope(scope)}/providers/Microsoft.Authorization/permissions`;
    const items = await azureCall(
      `Authorization: list winshift's permissions at ${scope}`,
      () => this.#list(path, PERMISSIONS_API_VERSION),
      AUTHORIZATION,
    );
    return items.map(toPermissionSet);
  }

  /** The credential caches its token, so asking each plan costs nothing after the first. */
  async ownPrincipalId(): Promise<string | undefined> {
    if (this.#principalId !== undefined) return this.#principalId;
    const token = await azureCall(`Entra ID: a token for ${ARM_ENDPOINT}`, () =>
      this.#credential.getToken(`${ARM_ENDPOINT}/.default`),
    );
    return token ? objectIdOfToken(token.token) : undefined;
  }
}

export function createAccessAdapter(
  context: AzureClientContext,
  options: AccessAdapterOptions = {},
): AccessPort {
  return new AccessAdapter(context, options);
}
