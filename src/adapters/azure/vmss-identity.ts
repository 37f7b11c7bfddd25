/**
 * The VMSS identity PATCH bodies. ARM's `identity.type` names both kinds at once
 * (`SystemAssigned, UserAssigned`), and a PATCH that sets it must keep what the scale set already has:
 * dropping `SystemAssigned` deletes a principal that role assignments point at, and dropping a
 * user-assigned id breaks the gMSA pods that use it.
 */
export type IdentityType =
  'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';

export interface CurrentIdentity {
  readonly type?: string | undefined;
  readonly userAssignedIdentities?: Readonly<Record<string, unknown>> | undefined;
}

export interface IdentityPatch {
  readonly type: IdentityType;
  readonly userAssignedIdentities?: Record<string, Record<string, never>>;
}

export function hasSystemAssigned(identity: CurrentIdentity | undefined): boolean {
  return (identity?.type ?? '').toLowerCase().includes('systemassigned');
}

function typeOf(system: boolean, user: boolean): IdentityType {
  if (system && user) return 'SystemAssigned, UserAssigned';
  if (system) return 'SystemAssigned';
  return user ? 'UserAssigned' : 'None';
}

/** ids case-insensitively unique, first spelling kept (ARM ids are case-insensitive). */
function uniqueIds(ids: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

/**
 * The identity to PATCH so the scale set has `add` as well as everything it has now; undefined when
 * nothing is missing (a repeat sends no PATCH).
 */
export function addUserAssignedPatch(
  current: CurrentIdentity | undefined,
  add: readonly string[],
): IdentityPatch | undefined {
  const existing = Object.keys(current?.userAssignedIdentities ?? {});
  const present = new Set(existing.map((id) => id.toLowerCase()));
  const missing = uniqueIds(add).filter((id) => !present.has(id.toLowerCase()));
  if (missing.length === 0) return undefined;
  const all = [...existing, ...missing];
  return {
    type: typeOf(hasSystemAssigned(current), true),
    userAssignedIdentities: Object.fromEntries(all.map((id) => [id, {}])),
  };
}

/** The identity to PATCH to turn on the system-assigned identity, keeping user-assigned ones. */
export function enableSystemAssignedPatch(current: CurrentIdentity | undefined): IdentityPatch {
  const existing = Object.keys(current?.userAssignedIdentities ?? {});
  return existing.length === 0
    ? { type: 'SystemAssigned' }
    : {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: Object.fromEntries(existing.map((id) => [id, {}])),
      };
}
