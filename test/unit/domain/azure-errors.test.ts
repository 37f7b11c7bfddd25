// What winshift reads into Azure's errors: a quota, and the reason a pool failed (issue 13).
import { describe, expect, it } from '@jest/globals';
import {
  describeErrorDetail,
  errorDetailText,
  failedPool,
  isQuotaError,
} from '../../../src/domain/azure-errors.js';

const QUOTA =
  'Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 4';

describe('quota errors', () => {
  it.each([
    [
      'AKS QuotaExceeded (Azure/AKS#5808)',
      { code: 'QuotaExceeded', message: 'Create or update failed.' },
    ],
    [
      "Compute's OperationNotAllowed with the quota text",
      { code: 'OperationNotAllowed', message: QUOTA },
    ],
    [
      'a quota among the details (MicrosoftDocs/azure-docs#62378)',
      {
        code: 'InvalidTemplateDeployment',
        message: 'The template deployment is not valid.',
        details: [{ code: 'QuotaExceeded', message: QUOTA }],
      },
    ],
  ])('recognises %s', (_what, detail) => {
    expect(isQuotaError(detail)).toBe(true);
  });

  it.each([
    [
      'AKS busy',
      { code: 'OperationNotAllowed', message: 'Another agentpool operation is in progress' },
    ],
    [
      'an allocation failure',
      {
        code: 'AllocationFailed',
        message: 'Allocation failed. We do not have sufficient capacity.',
      },
    ],
  ])('does not take %s for one', (_what, detail) => {
    expect(isQuotaError(detail)).toBe(false);
  });
});

describe('error details for people', () => {
  it('adds what the details say to a generic message, once', () => {
    const detail = {
      code: 'ResourceOperationFailure',
      message: "The resource operation completed with terminal provisioning state 'Failed'.",
      details: [
        { code: 'AllocationFailed', message: 'Allocation failed.' },
        { code: 'Again', message: 'Allocation failed.' },
      ],
    };
    expect(errorDetailText(detail)).toBe(
      "The resource operation completed with terminal provisioning state 'Failed'.; AllocationFailed: Allocation failed.",
    );
    expect(describeErrorDetail(detail)).toBe(
      "ResourceOperationFailure: The resource operation completed with terminal provisioning state 'Failed'.; AllocationFailed: Allocation failed.",
    );
  });
});

describe('a failed pool as a winshift failure', () => {
  it('is POOL_FAILED with no reason when AKS gives none', () => {
    expect(failedPool('w22a')).toEqual({
      code: 'POOL_FAILED',
      message: 'pool w22a: provisioningState Failed',
    });
  });

  it("carries AKS's code and message", () => {
    expect(failedPool('w22a', { code: 'AllocationFailed', message: 'Allocation failed.' })).toEqual(
      {
        code: 'POOL_FAILED',
        message: 'pool w22a: provisioningState Failed: AllocationFailed: Allocation failed.',
      },
    );
  });

  it('is QUOTA_EXCEEDED when the reason is a quota', () => {
    expect(failedPool('w22a', { code: 'QuotaExceeded', message: QUOTA }).code).toBe(
      'QUOTA_EXCEEDED',
    );
  });
});
