import type { RegistryContent } from '../state/images.js';
import { LOGIN_HOST } from '../entra/issuer.js';
import { entraRoutes } from '../entra/routes.js';
import { SANDBOX_TOPIC_HOST, topicRoutes, type EventGridTopic } from '../eventgrid/topic.js';
import { keyVaultRoutes } from '../keyvault/routes.js';
import { registryRoutes } from '../registry/routes.js';
import type { Service } from './dispatch.js';
import { Router } from './router.js';
import { armRoutes } from './routes/index.js';
import type { ServiceResolver } from './server.js';

/** Host suffix of Key Vault vaults: `<vault>.vault.azure.net`. */
export const VAULT_HOST_SUFFIX = '.vault.azure.net';

/** Every name the server certificate and host map cover. */
export function hostNamesOf(armHost: string, registryHosts: Iterable<string>): string[] {
  return [armHost, `*${VAULT_HOST_SUFFIX}`, LOGIN_HOST, SANDBOX_TOPIC_HOST, ...registryHosts];
}

/** The registries' hosts and the token realms' hosts (the switch "a registry realm on another host"). */
export function registryHostsOf(registries: ReadonlyMap<string, RegistryContent>): string[] {
  const hosts = [...registries.values()].flatMap((r) => [
    r.host,
    ...(r.realmHost ? [r.realmHost] : []),
  ]);
  return [...new Set(hosts)];
}

/**
 * Dispatches by Host: ARM, any vault, Entra ID's login host, the Event Grid topic, or one of the
 * scenario's registries.
 */
export function createServiceResolver(
  armHost: string,
  registries: ReadonlyMap<string, RegistryContent>,
  topic?: EventGridTopic,
): ServiceResolver {
  const arm: Service = { name: 'ARM', router: new Router(armRoutes), apiVersions: 'provider' };
  const keyVault: Service = {
    name: 'Key Vault',
    router: new Router(keyVaultRoutes),
    apiVersions: 'keyvault-data',
  };
  const registry: Service = {
    name: 'registry',
    router: new Router(registryRoutes),
    apiVersions: 'none',
  };
  const entra: Service = { name: 'Entra ID', router: new Router(entraRoutes), apiVersions: 'none' };
  const eventGrid: Service | undefined = topic && {
    name: 'Event Grid',
    router: new Router(topicRoutes(topic)),
    apiVersions: 'none',
  };
  return (host) => {
    if (host === armHost) return arm;
    if (host === LOGIN_HOST) return entra;
    if (host === SANDBOX_TOPIC_HOST) return eventGrid;
    if (host.endsWith(VAULT_HOST_SUFFIX) && !host.slice(0, -VAULT_HOST_SUFFIX.length).includes('.'))
      return keyVault;
    return registryHostsOf(registries).includes(host) ? registry : undefined;
  };
}
