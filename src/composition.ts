/**
 * Builds winshift's adapters from the configuration: one credential, one shared transport (the
 * sandbox's host map and CA, or none in Azure), one KubernetesConnector, one store. The functions/
 * registrations ask for these lazily, so loading the app (to list its functions, or in a host without
 * settings) never needs a valid configuration; the first invocation reports every problem at once.
 */
import { config as loadedConfig, type Config } from './config.js';
import {
  createAzureAdapters,
  createCredential,
  createSandboxTransport,
} from './adapters/azure/index.js';
import { createKubernetesConnector } from './adapters/kubernetes/index.js';
import { createTableUpgradeStore } from './adapters/storage/index.js';
import { jsonLineLog, type ActivityDeps } from './activities/index.js';
import type { RegistryPort } from './ports/registry.js';
import type { UpgradeStore } from './ports/store.js';
import type { RetirementCalendar } from './domain/calendar.js';

export interface Composition extends ActivityDeps {
  readonly config: Config;
  readonly registry: RegistryPort;
  readonly calendar: RetirementCalendar;
}

/** Table names start with the task hub, so two hubs on one storage account never share rows. */
export function tablePrefixOf(config: Config): string {
  return `${config.taskHub}Winshift`;
}

export function compose(config: Config): Composition {
  const credential = createCredential(config);
  const transport = createSandboxTransport(config);
  const azure = createAzureAdapters({
    credential,
    subscriptions: config.subscriptions,
    ...(transport ? { httpClient: transport.httpClient } : {}),
  });
  const store: UpgradeStore = createTableUpgradeStore(
    config.storage,
    tablePrefixOf(config),
    credential,
  );
  return {
    config,
    calendar: config.calendar,
    ...azure,
    kubernetes: createKubernetesConnector({ aks: azure.aks, credential }),
    store,
    now: () => new Date(),
    log: jsonLineLog(),
  };
}

let composed: Composition | undefined;

/** The process's adapters, built on first use from `config()`. */
export function composition(): Composition {
  composed ??= compose(loadedConfig());
  return composed;
}
