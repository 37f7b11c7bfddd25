/**
 * Who calls winshift and what they may do (ADR 0013): the app roles of winshift's Entra app
 * registration, the people and programs recorded with a run, and how App Service Authentication's
 * client principal names them. Pure: the HTTP adapter decodes the header, this reads its claims.
 */

/** The app roles (infra/entra/app-roles.json defines them in the app registration). */
export const APP_ROLES = ['Winshift.Read', 'Winshift.Operate', 'Winshift.Approve'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/**
 * user / application: an Entra principal (delegated or app-only token); functionKey: a caller
 * holding a Functions key (keys mode); winshift: the app itself (fleet scan, AKS events).
 */
export type PrincipalKind = 'user' | 'application' | 'functionKey' | 'winshift';

/** Someone recorded with a run: an object id (or a key's name) and a readable name. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly kind: PrincipalKind;
}

/** An actor and when they acted. */
export interface ActorRecord extends Actor {
  readonly at: string;
}

/** What a run records of the people who started, approved, cancelled or terminated it. */
export interface RunActors {
  readonly started?: ActorRecord;
  readonly approved?: ActorRecord;
  readonly cancelled?: ActorRecord;
  readonly terminated?: ActorRecord;
}

export type ActorAction = Exclude<keyof RunActors, 'started'>;

/** A caller of the HTTP API: who, and the app roles they hold. */
export interface Caller extends Actor {
  readonly roles: readonly AppRole[];
}

/** The record of an actor (a caller's roles are not kept). */
export function actorRecord(actor: Actor, at: string): ActorRecord {
  return { id: actor.id, name: actor.name, kind: actor.kind, at };
}

/** Runs the fleet scan or an AKS event started: the app itself, so any approver may approve them. */
export function winshiftActor(startedBy: string): Actor {
  return { id: 'winshift', name: `winshift (${startedBy})`, kind: 'winshift' };
}

/** Object ids are GUIDs in any letter case; key names compare as written. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.kind !== 'winshift' && a.id.toLowerCase() === b.id.toLowerCase();
}

/** The decoded `x-ms-client-principal` header: its documented fields (claims as {typ, val}). */
export interface ClientPrincipal {
  readonly auth_typ?: string;
  readonly claims: readonly { readonly typ: string; readonly val: string }[];
  readonly name_typ?: string;
  readonly role_typ?: string;
}

/**
 * Claim types as App Service hands them over. Its docs (learn.microsoft.com/azure/app-service/
 * configure-authentication-user-identities, "Decode the client principal header") say the claims
 * go through a default claims-mapping process; the long forms are those of Microsoft.IdentityModel's
 * inbound map (AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet,
 * src/System.IdentityModel.Tokens.Jwt/ClaimTypeMapping.cs). Both forms are read.
 */
export const CLAIM = {
  objectId: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
  role: ['roles', 'role', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'],
  name: [
    'name',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    'preferred_username',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
    'upn',
  ],
  /** App-only tokens carry no name: the calling application's client id (v1 appid, v2 azp). */
  application: ['azp', 'appid'],
  /** An app-only token's `idtyp` says `app` (optional claim); else no scope claim means app-only. */
  scope: ['http://schemas.microsoft.com/identity/claims/scope', 'scp'],
} as const;

function claimValues(principal: ClientPrincipal, types: readonly string[]): string[] {
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  return principal.claims
    .filter((c) => wanted.has(c.typ.toLowerCase()) && typeof c.val === 'string')
    .map((c) => c.val);
}

const first = (principal: ClientPrincipal, types: readonly string[]): string | undefined =>
  claimValues(principal, types).find((v) => v.trim() !== '');

function isClientPrincipal(value: unknown): value is ClientPrincipal {
  if (typeof value !== 'object' || value === null) return false;
  const claims = (value as { claims?: unknown }).claims;
  return (
    Array.isArray(claims) &&
    claims.every(
      (c: unknown) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as { typ?: unknown }).typ === 'string' &&
        typeof (c as { val?: unknown }).val === 'string',
    )
  );
}

export type PrincipalReading =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly problem: string };

/**
 * The caller an App Service client principal names: object id, a readable name (the user's name,
 * or `application <client id>` for an app-only token) and the winshift app roles among its role
 * claims (those of `role_typ` as well as `roles`; other roles are ignored).
 */
export function callerOfClientPrincipal(payload: unknown): PrincipalReading {
  if (!isClientPrincipal(payload))
    return { ok: false, problem: 'the client principal is not {claims: [{typ, val}]}' };
  const objectId = first(payload, CLAIM.objectId);
  if (objectId === undefined)
    return { ok: false, problem: 'the client principal has no object id claim (oid)' };
  const roleTypes = [...CLAIM.role, ...(payload.role_typ ? [payload.role_typ] : [])];
  const held = new Set(claimValues(payload, roleTypes));
  const roles = APP_ROLES.filter((role) => held.has(role));
  const nameTypes = [...(payload.name_typ ? [payload.name_typ] : []), ...CLAIM.name];
  const name = first(payload, nameTypes);
  const application = first(payload, CLAIM.application);
  const appOnly = name === undefined && first(payload, CLAIM.scope) === undefined;
  return {
    ok: true,
    caller: {
      id: objectId,
      name: name ?? (application ? `application ${application}` : objectId),
      kind: appOnly ? 'application' : 'user',
      roles,
    },
  };
}

/** The app role a caller lacks for an operation, if any. */
export function missingRole(caller: Caller, required: AppRole): AppRole | undefined {
  return caller.roles.includes(required) ? undefined : required;
}

/** The text the audit filters actors on: the id, lower case (object ids are GUIDs in any case). */
export function actorKey(actor: Pick<Actor, 'id'>): string {
  return actor.id.toLowerCase();
}
