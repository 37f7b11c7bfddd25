/**
 * The error an ARM answer carries, in either of the two shapes Azure writes:
 * - ARM's common shape, `{ "error": { code, message, target, details } }`: common-types
 *   ErrorResponse, the error the containerservice spec declares for every operation (Azure/azure-rest-
 *   api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/
 *   AgentPool.tsp @ 1592f4ca: the agent pool operations' `ErrorResponse`; @azure/arm-containerservice
 *   25.5.0 models it as `ErrorResponse { error?: ErrorDetail }`);
 * - the same ErrorDetail at the top level, `{ code, message, subcode, details }`, which is what the
 *   AKS resource provider actually sends (raw bodies in microsoft/tyger#121 and Terraform's
 *   `Code="" Message=""` when its client looked for `error` (hashicorp/terraform-provider-azurerm
 *   #1421); Azure/karpenter-provider-azure#1455: "AKS RP responses (always flat format)";
 *   Azure/azure-cli#6327: "not a regular ARM error").
 * The SDK clients' own errors read both (`body.error ?? body` in @typespec/ts-http-runtime's
 * createRestError and core-client's deserializationPolicy); this is the same rule for the bodies
 * winshift reads itself: raw ARM calls (arm-rest.ts) and a pool's `status.provisioningError`.
 */
import type { AzureErrorDetail } from '../../domain/azure-errors.js';

type Json = Record<string, unknown>;

const MAX_DEPTH = 3;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An ErrorDetail object, or undefined when it has neither a code nor a message. */
export function errorDetailOf(value: unknown, depth = 0): AzureErrorDetail | undefined {
  if (!isRecord(value)) return undefined;
  const code = text(value['code']);
  const message = text(value['message']);
  if (code === undefined && message === undefined) return undefined;
  const details =
    depth < MAX_DEPTH && Array.isArray(value['details'])
      ? value['details'].flatMap((d) => errorDetailOf(d, depth + 1) ?? [])
      : [];
  return {
    code: code ?? '',
    message: message ?? '',
    ...(details.length > 0 ? { details } : {}),
  };
}

function parsed(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The error of a response body (object or JSON text), wrapped in `error` or not. */
export function armErrorOf(body: unknown): AzureErrorDetail | undefined {
  const value = parsed(body);
  if (!isRecord(value)) return undefined;
  return errorDetailOf(value['error']) ?? errorDetailOf(value);
}
