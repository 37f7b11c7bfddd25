/**
 * Maps operations recorded by the sandbox's emulator (src/sandbox/arm/operation-log.ts) to the Azure
 * RBAC actions they need, and compares them with a role's actions: the machinery of issue 6's
 * "role vs. recorded operations" check. ARM's rule: `{namespace}/{type}[/{childType}...]/{verb}`
 * from the request path after the last `/providers/`, with GET -> read, PUT/PATCH -> write,
 * DELETE -> delete and POST `.../{name}` -> `{name}/action`.
 */
import { patternMatches } from '../../../src/domain/azure-permissions.js';

export interface RecordedOperation {
  readonly host: string;
  readonly method: string;
  readonly operationId: string;
  readonly pathTemplate: string;
}

export interface RequiredPermissions {
  actions: Set<string>;
  dataActions: Set<string>;
}

export interface RolePermissions {
  actions: readonly string[];
  dataActions: readonly string[];
}

const ARM_HOST = 'management.azure.com';

/**
 * Permissions an operation needs besides its own action. Assigning a user-assigned identity to a
 * scale set (VMSS PATCH with `identity`) also needs `assign/action` on that identity: ARM checks it,
 * the request does not name it.
 */
const IMPLIED: Readonly<Record<string, readonly string[]>> = {
  VirtualMachineScaleSets_Update: [
    'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
  ],
};

/** Key Vault and registry data-plane operations: RBAC data actions (or an ARM action for ACR). */
const DATA_PLANE: Readonly<Record<string, { action?: string; dataAction?: string }>> = {
  GetSecrets: { dataAction: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action' },
  GetSecretVersions: { dataAction: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action' },
  GetSecret: { dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' },
  // Entra -> ACR token exchange: ACR grants a pull token to holders of registries/pull/read.
  Registry_ExchangeToken: { action: 'Microsoft.ContainerRegistry/registries/pull/read' },
  // Anonymous or token-authenticated registry calls: no Azure RBAC check of their own.
  Registry_Ping: {},
  Registry_GetToken: {},
  Registry_GetAnonymousToken: {},
  Registry_GetManifest: {},
  Registry_HeadManifest: {},
  Registry_GetBlob: {},
};

/** The ARM action of one management-plane request (path template or concrete path). */
export function armActionOf(method: string, pathTemplate: string): string {
  const at = pathTemplate.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) throw new Error(`no provider in ${pathTemplate}`);
  const [namespace, ...rest] = pathTemplate
    .slice(at + '/providers/'.length)
    .split('?')[0]!
    .split('/')
    .filter(Boolean);
  const verb = method.toUpperCase();
  const segments = verb === 'POST' ? rest.slice(0, -1) : rest;
  // Types sit at even positions: type/{name}/childType/{name}...
  const types = segments.filter((_segment, index) => index % 2 === 0);
  const suffix = {
    GET: 'read',
    HEAD: 'read',
    PUT: 'write',
    PATCH: 'write',
    DELETE: 'delete',
    POST: `${rest[rest.length - 1]}/action`,
  }[verb];
  if (!namespace || !suffix || types.some((t) => t.startsWith('{'))) {
    throw new Error(`cannot map ${method} ${pathTemplate}`);
  }
  return [namespace, ...types, suffix].join('/');
}

/** Every action and data action the recorded operations needed. Unmappable ones throw. */
export function requiredPermissions(operations: readonly RecordedOperation[]): RequiredPermissions {
  const required: RequiredPermissions = { actions: new Set(), dataActions: new Set() };
  for (const op of operations) {
    if (op.operationId.startsWith('_sandbox')) continue;
    if (op.host === ARM_HOST) {
      if (op.operationId === 'Unknown')
        throw new Error(`unrouted ARM call ${op.method} ${op.pathTemplate}`);
      required.actions.add(armActionOf(op.method, op.pathTemplate));
      for (const implied of IMPLIED[op.operationId] ?? []) required.actions.add(implied);
      continue;
    }
    const data = DATA_PLANE[op.operationId];
    if (!data) throw new Error(`no RBAC mapping for ${op.operationId} on ${op.host}`);
    if (data.action) required.actions.add(data.action);
    if (data.dataAction) required.dataActions.add(data.dataAction);
  }
  return required;
}

/**
 * Whether a role's action pattern grants an action: the rule the plan's own access checks use
 * (case-insensitive, `*` any characters, `/*\/` also a single `/`; src/domain/azure-permissions.ts).
 */
export function grants(pattern: string, action: string): boolean {
  return patternMatches(pattern, action);
}

export interface RoleComparison {
  /** Needed but not granted: winshift would get 403. */
  missing: { actions: string[]; dataActions: string[] };
  /** Granted but nothing needed it: more privilege than used. */
  unused: { actions: string[]; dataActions: string[] };
}

export function compareRole(role: RolePermissions, required: RequiredPermissions): RoleComparison {
  const diff = (granted: readonly string[], needed: Set<string>): [string[], string[]] => [
    [...needed].filter((action) => !granted.some((p) => grants(p, action))).sort(),
    granted.filter((p) => ![...needed].some((action) => grants(p, action))).sort(),
  ];
  const [missingActions, unusedActions] = diff(role.actions, required.actions);
  const [missingData, unusedData] = diff(role.dataActions, required.dataActions);
  return {
    missing: { actions: missingActions, dataActions: missingData },
    unused: { actions: unusedActions, dataActions: unusedData },
  };
}
