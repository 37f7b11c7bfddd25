/**
 * The process's one credential and transport (DESIGN 3b). In Azure: DefaultAzureCredential (the
 * app's managed identity, `AZURE_CLIENT_ID` choosing a user-assigned one) and the SDKs' default
 * transport. In sandbox mode: the static-token credential (which refuses to run in Azure) and the
 * shared agent/HttpClient over the host map and the sandbox CA. Nothing else differs.
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '../../config.js';
import type { RegistryConnectionOptions } from '../registry/index.js';
import {
  createMappedTransport,
  createStaticTokenCredential,
  type MappedTransport,
} from '../connect/index.js';

export type CredentialConfig = Pick<
  Config,
  'managedIdentityClientId' | 'sandbox' | 'websiteInstanceId'
>;

/** DefaultAzureCredential in production; the sandbox's static token when `config.sandbox` is set. */
export function createCredential(config: CredentialConfig): TokenCredential {
  if (config.sandbox !== undefined) {
    return createStaticTokenCredential({
      token: config.sandbox.token,
      ...(config.sandbox.audienceTokens ? { audienceTokens: config.sandbox.audienceTokens } : {}),
      environment: { websiteInstanceId: config.websiteInstanceId },
    });
  }
  return config.managedIdentityClientId === undefined
    ? new DefaultAzureCredential()
    : new DefaultAzureCredential({ managedIdentityClientId: config.managedIdentityClientId });
}

/** The shared transport of sandbox mode; undefined in production (SDK defaults, system roots). */
export function createSandboxTransport(
  config: Pick<Config, 'sandbox'>,
): MappedTransport | undefined {
  return config.sandbox === undefined
    ? undefined
    : createMappedTransport(config.sandbox.hostMap, config.sandbox.caPem);
}

/**
 * The registry's connection settings: the allow list and, in sandbox mode, the host map and CA, so
 * the registry's own agent reaches the sandbox exactly as the shared transport does (ADR 0012).
 */
export function registryConnectionOf(
  config: Pick<Config, 'sandbox' | 'registryAllow'>,
): RegistryConnectionOptions {
  return {
    allowedHosts: config.registryAllow,
    ...(config.sandbox ? { hostMap: config.sandbox.hostMap, caPem: config.sandbox.caPem } : {}),
  };
}
