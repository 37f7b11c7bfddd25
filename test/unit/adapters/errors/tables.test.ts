import { describe, expect, it } from '@jest/globals';
import { classifyHttp } from '../../../../src/adapters/errors/classify.js';
import { rowMatches, type Service } from '../../../../src/adapters/errors/rows.js';
import { TABLES } from '../../../../src/adapters/errors/tables.js';
import { NAMED_ERRORS, SYSTEM_CODES } from '../../../../src/adapters/errors/network.js';
import { isErrorCode, type ErrorCode } from '../../../../src/domain/errors.js';

/**
 * [status, the service's code or undefined, winshift's code, the message when a row reads it],
 * written out by hand per service.
 */
type Case = readonly [number, string | undefined, ErrorCode, string?];

const AZURE_REFUSALS: readonly Case[] = [
  [400, 'InvalidParameter', 'INVALID_INPUT'],
  [401, 'InvalidAuthenticationToken', 'UNAUTHORIZED'],
  [403, 'AuthorizationFailed', 'FORBIDDEN'],
  [404, 'ResourceNotFound', 'NOT_FOUND'],
  [422, undefined, 'INVALID_INPUT'],
];
const AZURE_RETRYABLE: readonly Case[] = [
  [408, undefined, 'TRANSIENT'],
  [412, 'PreconditionFailed', 'TRANSIENT'],
  [429, 'TooManyRequests', 'TRANSIENT'],
  [500, 'InternalServerError', 'TRANSIENT'],
  [503, undefined, 'TRANSIENT'],
  [599, undefined, 'TRANSIENT'],
];
// Quota texts as Compute and AKS write them (sources in src/domain/azure-errors.ts).
const COMPUTE_QUOTA =
  'Operation could not be completed as it results in exceeding approved standardDASv5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 100, Current Usage: 96, Additional Required: 64, (Minimum) New Limit Required: 160.';
const AKS_QUOTA_DETAIL =
  "The template deployment '2320693c' is not valid according to the validation procedure.; QuotaExceeded: Operation could not be completed as it results in exceeding approved Total Regional Cores quota.";
const AZURE_QUOTA: readonly Case[] = [
  [400, 'QuotaExceeded', 'QUOTA_EXCEEDED'],
  [400, 'InvalidTemplateDeployment', 'QUOTA_EXCEEDED', AKS_QUOTA_DETAIL],
  [409, 'quotaexceeded', 'QUOTA_EXCEEDED'],
  [409, 'OperationNotAllowed', 'QUOTA_EXCEEDED', COMPUTE_QUOTA],
];
const ARM_CONFLICTS: readonly Case[] = [
  [409, 'AnotherOperationInProgress', 'CLUSTER_OPERATION_IN_PROGRESS'],
  [409, 'OperationPreempted', 'CLUSTER_OPERATION_IN_PROGRESS'],
  [
    409,
    'OperationNotAllowed',
    'CLUSTER_OPERATION_IN_PROGRESS',
    'Operation is not allowed: Another agentpool operation (nodepool1 - Creating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
  ],
  [
    409,
    'operationnotallowed',
    'CLUSTER_OPERATION_IN_PROGRESS',
    "Operation is not allowed because there's an in progress update managed cluster operation (operation ID: e375d315) on the managed cluster started on UTC 2026-05-22T07:19:23Z.",
  ],
  // OperationNotAllowed saying something else is not "busy": a real conflict.
  [
    409,
    'OperationNotAllowed',
    'POOL_CONFLICT',
    'The agent pool cannot be deleted: it is the last system pool.',
  ],
  [409, 'EtagMismatch', 'TRANSIENT'],
  [409, 'Conflict', 'POOL_CONFLICT'],
  [409, undefined, 'POOL_CONFLICT'],
];
// AKS refusing a new pool at the PUT: what the plan's preflight blocks on, each with its own code.
const AKS_POOL_REFUSALS: readonly Case[] = [
  [400, 'ErrCode_InsufficientVCPUQuota', 'VCPU_QUOTA_EXCEEDED'],
  [400, 'InsufficientSubnetSize', 'SUBNET_FULL'],
  [400, 'insufficientsubnetsize', 'SUBNET_FULL'],
  [400, 'AgentPoolK8sVersionNotSupported', 'KUBERNETES_VERSION_UNAVAILABLE'],
];
const UNLISTED: readonly Case[] = [
  [302, undefined, 'INTERNAL'],
  [405, undefined, 'INTERNAL'],
  [418, undefined, 'INTERNAL'],
];

const CASES: Readonly<Record<Service, readonly Case[]>> = {
  arm: [
    ...AZURE_QUOTA,
    ...AKS_POOL_REFUSALS,
    ...AZURE_REFUSALS,
    ...ARM_CONFLICTS,
    ...AZURE_RETRYABLE,
    ...UNLISTED,
  ],
  compute: [
    ...AZURE_QUOTA,
    ...AZURE_REFUSALS,
    [409, 'OperationNotAllowed', 'TRANSIENT'],
    [409, 'Conflict', 'TRANSIENT'],
    [409, undefined, 'TRANSIENT'],
    ...AZURE_RETRYABLE,
    ...UNLISTED,
  ],
  keyVault: [
    ...AZURE_QUOTA,
    ...AKS_POOL_REFUSALS,
    ...AZURE_REFUSALS,
    ...ARM_CONFLICTS,
    ...AZURE_RETRYABLE,
    ...UNLISTED,
  ],
  authorization: [
    ...AZURE_QUOTA,
    [400, 'PrincipalNotFound', 'TRANSIENT'],
    [400, 'InvalidPrincipalId', 'INVALID_INPUT'],
    [409, 'RoleAssignmentExists', 'POOL_CONFLICT'],
    ...AKS_POOL_REFUSALS,
    ...AZURE_REFUSALS,
    ...ARM_CONFLICTS,
    ...AZURE_RETRYABLE,
    ...UNLISTED,
  ],
  storage: [
    [400, 'PropertyValueTooLarge', 'INVALID_INPUT'],
    [401, 'InvalidAuthenticationInfo', 'UNAUTHORIZED'],
    [403, 'AuthorizationPermissionMismatch', 'FORBIDDEN'],
    [404, 'TableNotFound', 'NOT_FOUND'],
    [404, 'ResourceNotFound', 'NOT_FOUND'],
    [422, undefined, 'INVALID_INPUT'],
    [409, 'TableBeingDeleted', 'TRANSIENT'],
    [409, 'EntityAlreadyExists', 'INTERNAL'],
    [409, 'TableAlreadyExists', 'INTERNAL'],
    [408, undefined, 'TRANSIENT'],
    [412, 'UpdateConditionNotSatisfied', 'TRANSIENT'],
    [412, 'ConditionNotMet', 'TRANSIENT'],
    [429, undefined, 'TRANSIENT'],
    [500, 'OperationTimedOut', 'TRANSIENT'],
    [503, 'ServerBusy', 'TRANSIENT'],
    ...UNLISTED,
  ],
  registry: [
    [400, 'invalid_grant', 'UNAUTHORIZED'],
    [400, 'invalid_request', 'UNAUTHORIZED'],
    [400, 'invalid_client', 'UNAUTHORIZED'],
    [400, 'unauthorized_client', 'UNAUTHORIZED'],
    [400, 'unsupported_grant_type', 'UNAUTHORIZED'],
    [400, 'invalid_scope', 'UNAUTHORIZED'],
    [400, 'NAME_INVALID', 'INVALID_INPUT'],
    [400, undefined, 'INVALID_INPUT'],
    [401, 'UNAUTHORIZED', 'UNAUTHORIZED'],
    [403, 'DENIED', 'FORBIDDEN'],
    [404, 'MANIFEST_UNKNOWN', 'NOT_FOUND'],
    [408, undefined, 'TRANSIENT'],
    [409, undefined, 'INTERNAL'],
    [412, undefined, 'INTERNAL'],
    [429, 'TOOMANYREQUESTS', 'TRANSIENT'],
    [500, undefined, 'TRANSIENT'],
    [502, undefined, 'TRANSIENT'],
    ...UNLISTED,
  ],
  kubernetes: [
    [400, 'BadRequest', 'INVALID_INPUT'],
    [401, 'Unauthorized', 'UNAUTHORIZED'],
    [403, 'Forbidden', 'FORBIDDEN'],
    [
      403,
      'Forbidden',
      'NAMESPACE_TERMINATING',
      'pods "p" is forbidden: unable to create new content in namespace shop because it is being terminated',
    ],
    [404, 'NotFound', 'NOT_FOUND'],
    [408, undefined, 'TRANSIENT'],
    [409, 'Conflict', 'TRANSIENT'],
    [409, 'AlreadyExists', 'TRANSIENT'],
    [410, 'Expired', 'INTERNAL'],
    [412, undefined, 'INTERNAL'],
    [422, 'Invalid', 'INVALID_INPUT'],
    [429, 'TooManyRequests', 'TRANSIENT'],
    [500, 'InternalError', 'TRANSIENT'],
    [503, 'ServiceUnavailable', 'TRANSIENT'],
    [504, 'Timeout', 'TRANSIENT'],
    ...UNLISTED,
  ],
  eventGrid: [
    ...AZURE_REFUSALS,
    [413, 'RequestEntityTooLarge', 'INVALID_INPUT'],
    [408, undefined, 'TRANSIENT'],
    [429, 'TooManyRequests', 'TRANSIENT'],
    [500, 'InternalServerError', 'TRANSIENT'],
    [503, undefined, 'TRANSIENT'],
    [409, undefined, 'INTERNAL'],
    [412, undefined, 'INTERNAL'],
    ...UNLISTED,
  ],
};

const SERVICES = Object.keys(CASES) as Service[];
const ALL_CASES = SERVICES.flatMap((service) =>
  CASES[service].map(
    ([status, serviceCode, code, message = 'm']) =>
      [service, status, serviceCode, code, message] as const,
  ),
);

describe('the classification tables', () => {
  it('has a table for every service, and cases for every table', () => {
    expect(Object.keys(TABLES).sort()).toEqual([...SERVICES].sort());
  });

  it.each(ALL_CASES)('%s: HTTP %i %s is %s', (service, status, serviceCode, code, message) => {
    expect(classifyHttp(service, { status, serviceCode, message }).code).toBe(code);
  });

  it.each(SERVICES)('every row of the %s table is reached by a case above', (service) => {
    const reached = new Set(
      CASES[service].map(([status, serviceCode, , message = 'm']) =>
        TABLES[service].findIndex((row) => rowMatches(row, { status, serviceCode, message })),
      ),
    );
    const unreached = TABLES[service].filter((_row, index) => !reached.has(index));
    expect(unreached).toEqual([]);
  });

  it.each(SERVICES)('every row of the %s table gives a known code and a reason', (service) => {
    for (const row of TABLES[service]) {
      expect(isErrorCode(row.code)).toBe(true);
      expect(row.reason.trim()).not.toBe('');
    }
  });

  it('every shared network row gives a known code and a reason', () => {
    for (const row of [...NAMED_ERRORS, ...SYSTEM_CODES]) {
      expect(isErrorCode(row.code)).toBe(true);
      expect(row.reason.trim()).not.toBe('');
    }
  });
});

describe("ARM's conflictCode option", () => {
  const conflict = (
    serviceCode?: string,
  ): { status: number; serviceCode?: string; message: string } => ({
    status: 409,
    serviceCode,
    message: 'm',
  });

  it.each([
    ['arm', 'Conflict', 'TRANSIENT', 'TRANSIENT'],
    ['arm', 'Conflict', 'POOL_EXISTS', 'POOL_EXISTS'],
    ['authorization', 'RoleAssignmentExists', 'INTERNAL', 'INTERNAL'],
    // The busy rows and the other services' 409 rows leave the caller no choice.
    ['arm', 'AnotherOperationInProgress', 'POOL_EXISTS', 'CLUSTER_OPERATION_IN_PROGRESS'],
    ['arm', 'EtagMismatch', 'POOL_EXISTS', 'TRANSIENT'],
    ['compute', 'Conflict', 'POOL_CONFLICT', 'TRANSIENT'],
    ['storage', 'EntityAlreadyExists', 'TRANSIENT', 'INTERNAL'],
    ['kubernetes', 'AlreadyExists', 'POOL_CONFLICT', 'TRANSIENT'],
    ['registry', undefined, 'TRANSIENT', 'INTERNAL'],
  ] as const)('%s 409 %s with conflictCode %s is %s', (service, serviceCode, chosen, code) => {
    expect(classifyHttp(service, conflict(serviceCode), { conflictCode: chosen }).code).toBe(code);
  });
});
