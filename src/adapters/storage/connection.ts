/**
 * Table clients from the storage setting the task hub uses: a connection string (Azurite locally,
 * where plain HTTP is allowed) or an account name reached with the app's identity.
 */
import type { TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';

// Azurite's well-known development account (public, documented; not a secret). @azure/data-tables
// does not understand `UseDevelopmentStorage=true` itself, so it is spelled out here.
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * The connection string with `UseDevelopmentStorage=true` expanded to Azurite's default table endpoint
 * (`DevelopmentStorageProxyUri` moves its host, as the Storage SDKs do); others are returned as is.
 */
export function expandConnectionString(connectionString: string): string {
  const parts = new Map(
    connectionString
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).toLowerCase(), part.slice(at + 1)] as const;
      }),
  );
  if (parts.get('usedevelopmentstorage')?.toLowerCase() !== 'true') return connectionString;
  const proxy = parts.get('developmentstorageproxyuri') ?? 'http://127.0.0.1';
  const base = new URL(proxy);
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `TableEndpoint=${base.protocol}//${base.hostname}:10002/${DEV_ACCOUNT}`,
  ].join(';');
}

/** The account's table endpoint for identity-based access. */
export function tableEndpointOf(accountName: string): string {
  return `https://${accountName}.table.core.windows.net`;
}

export type TableClientFactory = (tableName: string) => TableClient;

export function tableClientFactory(
  storage: StorageConfig,
  credential?: TokenCredential,
): TableClientFactory {
  if (storage.kind === 'connectionString') {
    const connectionString = expandConnectionString(storage.connectionString);
    return (tableName) =>
      TableClient.fromConnectionString(connectionString, tableName, {
        allowInsecureConnection: connectionString.includes('DefaultEndpointsProtocol=http;'),
      });
  }
  if (credential === undefined) {
    throw new Error('identity-based storage (AzureWebJobsStorage__accountName) needs a credential');
  }
  const endpoint = tableEndpointOf(storage.accountName);
  return (tableName) => new TableClient(endpoint, tableName, credential);
}

/**
 * The client once its table exists: created on first use, once per process (a failed creation is
 * retried by the next call rather than remembered).
 */
export function lazyTable(client: TableClient): () => Promise<TableClient> {
  let ready: Promise<void> | undefined;
  return async () => {
    ready ??= client.createTable().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    return client;
  };
}
