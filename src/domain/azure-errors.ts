/**
 * Azure's error answers as winshift reads them: an ARM `ErrorDetail` (code, message, nested
 * details; common-types ErrorResponse, the shape of the containerservice spec's errors and of an
 * agent pool's `properties.status.provisioningError`), wherever it came from, and what winshift
 * reads into one: a quota, a failed pool's reason.
 */
import type { ErrorCode } from './errors.js';

export interface AzureErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly AzureErrorDetail[];
}

/**
 * Quota answers. Compute (CRP) refuses with 409 OperationNotAllowed "Operation could not be
 * completed as it results in exceeding approved <family> Cores quota" (Azure/karpenter-provider-azure
 * #192, nforgeio/neonKUBE#1671); AKS passes it on as QuotaExceeded, at the top of its own error or
 * among its details (MicrosoftDocs/azure-docs#62378: a 400 InvalidTemplateDeployment with a
 * QuotaExceeded detail; Azure/AKS#5808: a pool's provisioning error QuotaExceeded).
 */
export const QUOTA_CODES: readonly string[] = ['QuotaExceeded'];
export const QUOTA_MESSAGE = /exceeding approved [\w\s-]{0,80}quota/i;

/** How deep nested details are read (ARM nests one or two levels in practice). */
const MAX_DEPTH = 3;

/** Whether the error, or one of its details, is a quota refusal. */
export function isQuotaError(detail: AzureErrorDetail, depth = 0): boolean {
  if (QUOTA_CODES.some((code) => code.toLowerCase() === detail.code.toLowerCase())) return true;
  if (QUOTA_MESSAGE.test(detail.message)) return true;
  return depth < MAX_DEPTH && (detail.details ?? []).some((d) => isQuotaError(d, depth + 1));
}

function nested(detail: AzureErrorDetail, depth = 0): AzureErrorDetail[] {
  if (depth >= MAX_DEPTH) return [];
  return (detail.details ?? []).flatMap((d) => [d, ...nested(d, depth + 1)]);
}

function codeAndMessage(detail: AzureErrorDetail): string {
  return detail.code === '' ? detail.message : `${detail.code}: ${detail.message}`;
}

/**
 * The message with what its details add: a generic top message ("The resource operation completed
 * with terminal provisioning state 'Failed'.") says little without the detail that carries the
 * reason (an allocation failure, a quota).
 */
export function errorDetailText(detail: AzureErrorDetail): string {
  let text = detail.message;
  for (const inner of nested(detail)) {
    if (inner.message !== '' && !text.includes(inner.message))
      text = `${text}; ${codeAndMessage(inner)}`;
  }
  return text;
}

/** `Code: message; InnerCode: inner message`: the whole error on one line, for people. */
export function describeErrorDetail(detail: AzureErrorDetail): string {
  return codeAndMessage({ ...detail, message: errorDetailText(detail) });
}

/**
 * Why a pool ended `Failed`, as a winshift failure: QUOTA_EXCEEDED when its provisioning error is
 * a quota (a person must raise it), else POOL_FAILED; the message names the pool and carries
 * AKS's code and message.
 */
export function failedPool(
  pool: string,
  provisioningError?: { readonly code: string; readonly message: string },
): { code: ErrorCode; message: string } {
  const base = `pool ${pool}: provisioningState Failed`;
  if (provisioningError === undefined) return { code: 'POOL_FAILED', message: base };
  return {
    code: isQuotaError(provisioningError) ? 'QUOTA_EXCEEDED' : 'POOL_FAILED',
    message: `${base}: ${codeAndMessage(provisioningError)}`,
  };
}
