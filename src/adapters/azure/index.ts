/**
 * The Azure-side adapters, built from one credential and one optional shared transport:
 *
 *   const credential = createCredential(config);
 *   const transport = createSandboxTransport(config); // undefined in Azure
 *   const azure = createAzureAdapters({ credential, subscriptions: config.subscriptions,
 *     httpClient: transport?.httpClient, registryConnection: registryConnectionOf(config) });
 *   // azure.aks, azure.compute, azure.authorization, azure.identity, azure.keyVault, azure.registry
 */
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type {
  AksPort,
  AuthorizationPort,
  ComputePort,
  IdentityPort,
  KeyVaultPort,
} from '../../ports/azure.js';
import type { PreflightPort } from '../../ports/preflight.js';
import type { RegistryPort } from '../../ports/registry.js';
import type { AccessPort, ContainerRegistryPort } from '../../ports/access.js';
import { createAccessAdapter } from './access.js';
import { createContainerRegistryAdapter } from './container-registry.js';
import { createRegistryAdapter, type RegistryConnectionOptions } from '../registry/index.js';
import { createAksAdapter } from './aks.js';
import { createAuthorizationAdapter } from './authorization.js';
import type { AzureClientContext } from './clients.js';
import { createComputeAdapter } from './compute.js';
import { createIdentityAdapter } from './identity.js';
import { createKeyVaultAdapter } from './keyvault.js';
import { createPreflightAdapter } from './preflight.js';

export {
  createCredential,
  createSandboxTransport,
  registryConnectionOf,
  type CredentialConfig,
} from './credential.js';

export interface AzureAdaptersOptions {
  /** The one credential of the process (`createCredential`). */
  readonly credential: TokenCredential;
  /** Subscription GUIDs winshift may act in (WINSHIFT_SUBSCRIPTIONS); Key Vaults are looked up there. */
  readonly subscriptions: readonly string[];
  /** The shared transport's HttpClient (sandbox mode); omit in Azure. */
  readonly httpClient?: HttpClient;
  /** The SDKs' quick in-call retries (default `SDK_RETRY_OPTIONS`). */
  readonly retryOptions?: PipelineRetryOptions;
  /** WINSHIFT_PRINCIPAL_ID: winshift's own object id (else read from its ARM token's `oid`). */
  readonly principalId?: string;
  /**
   * The registry's own connection (ADR 0012): WINSHIFT_REGISTRY_ALLOW and, in sandbox mode, the
   * host map and CA (the registry does not use `httpClient`: it checks every address it dials).
   */
  readonly registryConnection?: RegistryConnectionOptions;
}

/**
 * Modest in-call retries (429 with its Retry-After, 5xx, resets): a few quick tries, then the
 * failure reaches the activity as TRANSIENT and the orchestrator's retry policy, which waits on a
 * durable timer instead of inside a function invocation, takes over.
 */
export const SDK_RETRY_OPTIONS: PipelineRetryOptions = {
  maxRetries: 3,
  retryDelayInMs: 1000,
  maxRetryDelayInMs: 10_000,
};

export interface AzureAdapters {
  readonly aks: AksPort;
  readonly compute: ComputePort;
  readonly authorization: AuthorizationPort;
  readonly identity: IdentityPort;
  readonly keyVault: KeyVaultPort;
  readonly registry: RegistryPort;
  /** The plan's capacity and version reads (quotas, VM sizes, subnets, offered versions). */
  readonly preflight: PreflightPort;
  /** winshift's own permissions and principal (plan-time access checks). */
  readonly access: AccessPort;
  readonly containerRegistries: ContainerRegistryPort;
}

/** Every Azure-side port over the real SDKs, sharing the credential and the transport. */
export function createAzureAdapters(options: AzureAdaptersOptions): AzureAdapters {
  const retryOptions = options.retryOptions ?? SDK_RETRY_OPTIONS;
  const context: AzureClientContext = {
    credential: options.credential,
    httpClient: options.httpClient,
    retryOptions,
    subscriptions: new Set(options.subscriptions.map((id) => id.toLowerCase())),
  };
  return {
    aks: createAksAdapter(context),
    compute: createComputeAdapter(context),
    authorization: createAuthorizationAdapter(context),
    identity: createIdentityAdapter(context),
    keyVault: createKeyVaultAdapter(context),
    preflight: createPreflightAdapter(context),
    access: createAccessAdapter(context, { principalId: options.principalId }),
    containerRegistries: createContainerRegistryAdapter(context),
    registry: createRegistryAdapter({
      ...options.registryConnection,
      credential: options.credential,
      retryOptions,
    }),
  };
}
