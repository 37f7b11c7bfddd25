/**
 * The AKS resource provider's errors. AKS answers with the ErrorDetail at the top level,
 * `{ code, message, subcode, details }`, not in ARM's common `{ error: {...} }` envelope that the
 * containerservice spec declares (common-types ErrorResponse for every default response):
 * - raw AKS bodies in microsoft/tyger#121 and Terraform logs of `K8sVersionNotSupported` (DESIGN
 *   section 7);
 * - Azure/karpenter-provider-azure#1455, parsing AKS answers: "AKS RP responses (always flat
 *   format), so the response body unmarshals directly into armcontainerservice.ErrorDetail";
 * - Azure/azure-cli#6327 (an AKS error "is not a regular ARM error" with an `error` object) and
 *   hashicorp/terraform-provider-azurerm#1421 (`Code="" Message=""`: a client that looked for
 *   `error` found nothing in an AKS 400).
 * Always? For the errors the resource provider itself produces, the evidence says so, and so this
 * is the sandbox's default: validation 400s, 409 OperationNotAllowed, 412 on a conditional PUT, a
 * missing agent pool's 404, a failed operation's result, an injected conflict on an AKS operation.
 * What ARM's front door answers before the request reaches AKS keeps ARM's envelope (dispatch.ts,
 * lookup.ts): 401, api-version 400s, 404 ResourceGroupNotFound / ResourceNotFound for the tracked
 * cluster, 429 throttling, injected 5xx. The `aksErrorsWrapped` switch sends AKS's in ARM's shape
 * instead (what the spec promises), so a client that reads only one shape shows up either way.
 * An operation's status body is a resource of its own, `{ status, error: { code, message } }`, in
 * both cases (jenkins-infra/helpdesk#3584 quotes one).
 */
import { armError, type SandboxResponse } from './http.js';

/** An error answer of the AKS resource provider (unwrapped; `reshapeAksError` may wrap it). */
export function aksError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { code, message, subcode: '', details: [] }, aksError: true };
}

/** Under the `aksErrorsWrapped` switch, an AKS error in ARM's envelope; anything else unchanged. */
export function reshapeAksError(response: SandboxResponse, wrapped: boolean): SandboxResponse {
  if (response.aksError !== true || !wrapped) return response;
  const { code, message } = response.body as { code: string; message: string };
  return {
    ...armError(response.status, code, message),
    ...(response.headers ? { headers: response.headers } : {}),
  };
}
