// Both shapes of an ARM error body (issue 13 item 1): ARM's `{ error: {...} }` and the AKS resource
// provider's ErrorDetail at the top level, read by one function; and the reason of a failed pool.
import { describe, expect, it } from '@jest/globals';
import { createHttpHeaders, type PipelineRequest } from '@azure/core-rest-pipeline';
import { armErrorOf, errorDetailOf } from '../../../../src/adapters/azure/arm-error-body.js';
import { restErrorOf } from '../../../../src/adapters/azure/arm-rest.js';
import { toAgentPool } from '../../../../src/adapters/azure/map-aks.js';
import { codeForAzureError, describeAzureError } from '../../../../src/adapters/errors.js';

// AKS's text for a write while another operation runs (cilium/cilium#25944).
const BUSY =
  'Operation is not allowed: Another agentpool operation (nodepool1 - Creating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details';

describe('the error of an ARM answer', () => {
  it.each([
    ["ARM's envelope", { error: { code: 'ResourceNotFound', message: 'gone' } }],
    ["AKS's top-level ErrorDetail", { code: 'ResourceNotFound', message: 'gone', subcode: '' }],
    ['JSON text', JSON.stringify({ code: 'ResourceNotFound', message: 'gone', details: [] })],
  ])('reads %s', (_shape, body) => {
    expect(armErrorOf(body)).toEqual({ code: 'ResourceNotFound', message: 'gone' });
  });

  it.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['text that is not JSON', 'Bad Gateway'],
    ['an error without code or message', { error: { target: 'x' } }],
  ])('finds none in %s', (_what, body) => {
    expect(armErrorOf(body)).toBeUndefined();
  });

  it('keeps nested details, where the reason often is', () => {
    // The LRO status error of jenkins-infra/helpdesk#3584, shortened.
    expect(
      errorDetailOf({
        code: 'ResourceOperationFailure',
        message: "The resource operation completed with terminal provisioning state 'Failed'.",
        details: [{ code: 'OverconstrainedZonalAllocationRequest', message: 'Allocation failed.' }],
      }),
    ).toEqual({
      code: 'ResourceOperationFailure',
      message: "The resource operation completed with terminal provisioning state 'Failed'.",
      details: [{ code: 'OverconstrainedZonalAllocationRequest', message: 'Allocation failed.' }],
    });
  });
});

describe('a failed raw ARM call as a RestError', () => {
  const request = {} as PipelineRequest;

  it.each([
    ['unwrapped, as AKS answers', { code: 'OperationNotAllowed', message: BUSY, subcode: '' }],
    ['wrapped, as ARM documents', { error: { code: 'OperationNotAllowed', message: BUSY } }],
  ])('keeps the code of a 409 body %s: AKS busy, not a pool conflict', (_shape, body) => {
    const error = restErrorOf(409, body, {}, request);
    expect(error.code).toBe('OperationNotAllowed');
    expect(codeForAzureError(error)).toBe('CLUSTER_OPERATION_IN_PROGRESS');
    expect(describeAzureError(error)).toBe(`HTTP 409 OperationNotAllowed: ${BUSY}`);
  });

  it("carries a detail's quota into the message, so the quota row sees it", () => {
    const body = {
      code: 'InvalidTemplateDeployment',
      message: "The template deployment 'd1' is not valid according to the validation procedure.",
      details: [
        {
          code: 'QuotaExceeded',
          message:
            'Operation could not be completed as it results in exceeding approved Total Regional Cores quota.',
        },
      ],
    };
    const error = restErrorOf(400, body, {}, request);
    expect(error.message).toContain('; QuotaExceeded: Operation could not be completed');
    expect(codeForAzureError(error)).toBe('QUOTA_EXCEEDED');
  });

  it('says the status when the body has no error', () => {
    const error = restErrorOf(502, 'Bad Gateway', { 'retry-after': '3' }, request);
    expect(error.message).toBe('ARM answered HTTP 502');
    expect(error.code).toBeUndefined();
    expect(error.response?.headers).toEqual(createHttpHeaders({ 'retry-after': '3' }));
  });
});

describe('a failed pool', () => {
  it('carries the reason of its failure (properties.status.provisioningError)', () => {
    // Azure/AKS#5808's provisioning error, shortened.
    const provisioningError = {
      code: 'QuotaExceeded',
      message:
        'Operation could not be completed as it results in exceeding approved Total Regional Cores quota.',
    };
    const pool = toAgentPool({
      name: 'w22a',
      properties: {
        provisioningState: 'Failed',
        osSKU: 'Windows2022',
        status: { provisioningError },
      },
    });
    expect(pool.provisioningState).toBe('Failed');
    expect(pool.provisioningError).toEqual(provisioningError);
  });

  it('has none when AKS gives none', () => {
    const pool = toAgentPool({
      name: 'w22a',
      properties: { provisioningState: 'Succeeded', status: {} },
    });
    expect(pool).not.toHaveProperty('provisioningError');
  });
});
