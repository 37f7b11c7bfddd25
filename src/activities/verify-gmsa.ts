/**
 * verifyGmsaAccess (DESIGN step 2): for every gMSA credential spec the moved workloads use, the Key
 * Vault secret must exist and the spec's identity must be able to read it: an access policy with
 * `get`, or (RBAC vaults) a secrets data role at the vault, the secret or a parent scope. Grants that
 * could only come through a group cannot be seen from here: that is IDENTITY_UNVERIFIABLE, never a
 * guess in favour of the move. The secret's value is never read.
 */
import { WinshiftError } from '../domain/errors.js';
import type { GmsaCheck, Plan } from '../domain/plan.js';
import type { VaultAccess } from '../ports/azure.js';
import type { PlanRef, VerifyGmsaOutput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan, subscriptionOf } from './shared/plan-ref.js';

export type VerifyGmsaDeps = Pick<ActivityDeps, 'keyVault' | 'authorization' | 'store' | 'log'>;

/** Built-in roles whose data actions include reading secret values. */
export const SECRET_READER_ROLES: readonly string[] = [
  '4633458b-17de-408a-b874-0445c86b69e6', // Key Vault Secrets User
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', // Key Vault Secrets Officer
  '00482a5a-887f-4fb3-b363-3b7fe8e74483', // Key Vault Administrator
];

const lower = (s: string): string => s.toLowerCase();

interface SecretAddress {
  readonly vaultName: string;
  readonly secretName: string;
}

function parseSecretUri(uri: string): SecretAddress | undefined {
  try {
    const url = new URL(uri);
    const [, kind, secretName] = url.pathname.split('/');
    const vaultName = url.hostname.split('.')[0];
    if (kind !== 'secrets' || !secretName || !vaultName) return undefined;
    return { vaultName, secretName };
  } catch {
    return undefined;
  }
}

const unreachable = (check: GmsaCheck, why: string): WinshiftError =>
  new WinshiftError(
    'GMSA_SECRET_UNREACHABLE',
    `gMSA credential spec ${check.credentialSpec} (used by ${check.usedBy.join(', ')}): ${why}`,
  );

const unverifiable = (check: GmsaCheck, why: string): WinshiftError =>
  new WinshiftError(
    'IDENTITY_UNVERIFIABLE',
    `gMSA credential spec ${check.credentialSpec}: identity ${check.identityObjectId} ${why}`,
  );

function withinScope(scope: string, resourceId: string): boolean {
  const s = lower(scope).replace(/\/$/, '');
  const r = lower(resourceId);
  return s === '' || r === s || r.startsWith(`${s}/`);
}

async function checkRbac(
  deps: VerifyGmsaDeps,
  check: GmsaCheck,
  vault: VaultAccess,
  secretName: string,
): Promise<void> {
  const secretId = `${vault.resourceId}/secrets/${secretName}`;
  const assignments = await deps.authorization.listForPrincipal(
    subscriptionOf(vault.resourceId),
    check.identityObjectId,
  );
  const reads = assignments.some(
    (a) =>
      SECRET_READER_ROLES.includes(lower(a.roleDefinitionId.split('/').pop() ?? '')) &&
      withinScope(a.scope, secretId),
  );
  if (!reads)
    throw unverifiable(
      check,
      `has no secrets data role on vault ${vault.name} (a group grant cannot be checked)`,
    );
}

function checkAccessPolicies(check: GmsaCheck, vault: VaultAccess): void {
  const canGet = (p: VaultAccess['accessPolicies'][number]): boolean =>
    p.secretPermissions.some((perm) => ['get', 'all'].includes(lower(perm)));
  const own = vault.accessPolicies.filter(
    (p) => lower(p.objectId) === lower(check.identityObjectId),
  );
  if (own.some(canGet)) return;
  if (vault.accessPolicies.some(canGet))
    throw unverifiable(
      check,
      `has no get policy on vault ${vault.name}; another object (a group?) has`,
    );
  throw unreachable(check, `no access policy of vault ${vault.name} grants secret get`);
}

/**
 * A credential spec naming the old VMSS's system-assigned principal cannot work on the new pool: that
 * principal stays with the old VMSS (the new one gets another), so the spec would point at nothing.
 */
function assertIdentityFollows(plan: Plan, check: GmsaCheck): void {
  const stays = plan.identities.some(
    (i) => i.kind === 'systemAssigned' && lower(i.principalId) === lower(check.identityObjectId),
  );
  if (stays) {
    throw unreachable(
      check,
      `its ObjectId is the old pool's system-assigned identity, which does not move to the new pool (use a user-assigned identity)`,
    );
  }
}

async function verifyOne(deps: VerifyGmsaDeps, plan: Plan, check: GmsaCheck): Promise<void> {
  assertIdentityFollows(plan, check);
  const address = parseSecretUri(check.secretUri);
  if (address === undefined)
    throw unreachable(check, 'its SecretUri is not a Key Vault secret URI');
  const vault = await deps.keyVault.findVault(address.vaultName);
  if (vault === undefined) throw unreachable(check, `vault ${address.vaultName} was not found`);
  if (!(await deps.keyVault.secretExists(check.secretUri)))
    throw unreachable(check, `secret ${address.secretName} does not exist in vault ${vault.name}`);
  if (vault.enableRbacAuthorization) await checkRbac(deps, check, vault, address.secretName);
  else checkAccessPolicies(check, vault);
}

export async function verifyGmsaAccess(
  deps: VerifyGmsaDeps,
  input: PlanRef,
): Promise<VerifyGmsaOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  for (const check of plan.gmsa) await verifyOne(deps, plan, check);
  deps.log.info('gMSA secrets reachable', {
    step: 'verifyGmsaAccess',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    count: plan.gmsa.length,
  });
  return { checked: plan.gmsa.length };
}
