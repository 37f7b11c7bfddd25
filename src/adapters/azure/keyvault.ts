/**
 * KeyVaultPort over @azure/arm-keyvault (vaults and access policies) and @azure/keyvault-secrets
 * (existence only). A secret's value is never requested: existence comes from the properties of its
 * versions (`GetSecretVersions`, the `secrets/list` permission), which carry no value.
 */
import { KeyVaultManagementClient, type Vault } from '@azure/arm-keyvault';
import { parseKeyVaultSecretIdentifier, SecretClient } from '@azure/keyvault-secrets';
import { WinshiftError } from '../../domain/errors.js';
import type { KeyVaultPort, VaultAccess } from '../../ports/azure.js';
import { azureCall, statusOf, toWinshiftError, type AzureErrorOptions } from '../errors.js';
import { perSubscription, sdkOptions, type AzureClientContext } from './clients.js';
import { parseVaultId } from './resource-id.js';

/** Failures are classified by the Key Vault table. */
const KEY_VAULT: AzureErrorOptions = { service: 'keyVault' };

/** Key Vault DNS suffixes of the Azure clouds: a secret URI elsewhere never gets a token. */
const VAULT_HOST_SUFFIXES = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.vault.microsoftazure.de',
];

export function toVaultAccess(vault: Vault): VaultAccess {
  return {
    resourceId: vault.id ?? '',
    name: vault.name ?? '',
    enableRbacAuthorization: vault.properties.enableRbacAuthorization === true,
    accessPolicies: (vault.properties.accessPolicies ?? []).map((policy) => ({
      objectId: policy.objectId,
      secretPermissions: [...(policy.permissions.secrets ?? [])],
    })),
  };
}

export interface SecretAddress {
  readonly vaultUrl: string;
  readonly name: string;
  readonly version?: string;
}

/** Parses a Key Vault secret URI, refusing hosts that are not Key Vault endpoints. */
export function parseSecretAddress(secretUri: string): SecretAddress {
  let parsed: ReturnType<typeof parseKeyVaultSecretIdentifier>;
  try {
    parsed = parseKeyVaultSecretIdentifier(secretUri);
  } catch {
    throw new WinshiftError('INVALID_INPUT', `"${secretUri}" is not a Key Vault secret URI`);
  }
  const url = new URL(parsed.vaultUrl);
  const host = url.hostname.toLowerCase();
  // The SDK's parser accepts any collection (`/keys/...`): only secrets are secrets.
  if (new URL(secretUri).pathname.split('/')[1]?.toLowerCase() !== 'secrets') {
    throw new WinshiftError('INVALID_INPUT', `"${secretUri}" is not a Key Vault secret URI`);
  }
  if (url.protocol !== 'https:' || !VAULT_HOST_SUFFIXES.some((s) => host.endsWith(s))) {
    throw new WinshiftError('INVALID_INPUT', `"${secretUri}" does not point at a Key Vault host`);
  }
  return {
    vaultUrl: `https://${host}`,
    name: parsed.name,
    ...(parsed.version ? { version: parsed.version } : {}),
  };
}

class KeyVaultAdapter implements KeyVaultPort {
  readonly #context: AzureClientContext;
  readonly #management: (subscriptionId: string) => KeyVaultManagementClient;
  readonly #secrets: (vaultUrl: string) => SecretClient;

  constructor(context: AzureClientContext) {
    this.#context = context;
    this.#management = perSubscription(
      (id) => new KeyVaultManagementClient(context.credential, id, sdkOptions(context)),
    );
    // Challenge resource verification stays on (the default): the token goes to Key Vault only.
    this.#secrets = perSubscription(
      (vaultUrl) => new SecretClient(vaultUrl, context.credential, sdkOptions(context)),
    );
  }

  /** Vault names are global: the first allowed subscription that has it is the one. */
  async findVault(vaultName: string): Promise<VaultAccess | undefined> {
    const wanted = vaultName.toLowerCase();
    for (const subscriptionId of this.#context.subscriptions) {
      const found = await azureCall(
        `Key Vault: look for vault ${vaultName} in ${subscriptionId}`,
        async () => {
          const vaults = this.#management(subscriptionId).vaults.listBySubscription();
          for await (const vault of vaults) if (vault.name?.toLowerCase() === wanted) return vault;
          return undefined;
        },
        KEY_VAULT,
      );
      if (found !== undefined) return toVaultAccess(found);
    }
    return undefined;
  }

  async addSecretPermissions(
    vaultResourceId: string,
    objectId: string,
    permissions: readonly string[],
  ): Promise<void> {
    const id = parseVaultId(vaultResourceId);
    const client = this.#management(id.subscriptionId);
    const vault = await azureCall(
      `Key Vault: read vault ${id.name}`,
      () => client.vaults.get(id.resourceGroup, id.name),
      KEY_VAULT,
    );
    // `add` merges into the object's existing policy, so a repeat changes nothing.
    await azureCall(
      `Key Vault: add secret permissions for ${objectId} on ${id.name}`,
      () =>
        client.vaults.updateAccessPolicy(id.resourceGroup, id.name, 'add', {
          properties: {
            accessPolicies: [
              {
                tenantId: vault.properties.tenantId,
                objectId,
                permissions: { secrets: permissions.map((p) => p.toLowerCase()) },
              },
            ],
          },
        }),
      KEY_VAULT,
    );
  }

  async secretExists(secretUri: string): Promise<boolean> {
    const address = parseSecretAddress(secretUri);
    const client = this.#secrets(address.vaultUrl);
    try {
      for await (const properties of client.listPropertiesOfSecretVersions(address.name)) {
        const versionMatches =
          address.version === undefined ||
          properties.version?.toLowerCase() === address.version.toLowerCase();
        if (versionMatches && properties.enabled !== false) return true;
      }
      return false;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw toWinshiftError(
        error,
        `Key Vault: check secret ${address.name} in ${address.vaultUrl}`,
        KEY_VAULT,
      );
    }
  }
}

export function createKeyVaultAdapter(context: AzureClientContext): KeyVaultPort {
  return new KeyVaultAdapter(context);
}
