/**
 * The one composition root: builds every dependency set of winshift once per process from the
 * configuration: one credential, one shared transport (the sandbox's host map and CA, or none in
 * Azure), one KubernetesConnector, the stores, the ARM rate limiter of the fleet scan, the activity
 * tables and the application. functions/ only binds these to triggers; nothing else builds an
 * adapter. Built lazily, so loading the app (to list its functions, or in a host without settings)
 * never needs a valid configuration; the first invocation reports every problem at once.
 */
import { apiAuthMode, config as loadedConfig, type Config } from './config.js';
import {
  createAzureAdapters,
  createCredential,
  createSandboxTransport,
  registryConnectionOf,
} from './adapters/azure/index.js';
import { durableOrchestrationClient } from './adapters/durable-client.js';
import { createKubernetesConnector } from './adapters/kubernetes/index.js';
import { createEventGridPublisher } from './adapters/eventgrid/publisher.js';
import {
  createTableAuditLog,
  createTableClusterLocks,
  createTableFleetReportStore,
  createTablePoolEventLog,
  createTableUpgradeStore,
} from './adapters/storage/index.js';
import { jsonLineLog, type ActivityHandler } from './activities/index.js';
import { createAuditedActivities } from './activities/audited.js';
import { createFleetActivities, type FleetActivityHandler } from './activities/fleet/index.js';
import { createRateLimiter } from './activities/fleet/rate-limiter.js';
import { createApp, type App, type AppDeps, type AppSettings } from './app/index.js';
import type { ActivityName, FleetActivityName } from './workflow/contracts/index.js';

/** The Durable client of one invocation, as durable-functions' `df.getClient(context)` gives it. */
export type DurableClient = Parameters<typeof durableOrchestrationClient>[0];

export interface Composition {
  readonly config: Config;
  /** The upgrade's activities, bound to their ports and contracts. */
  readonly activities: Readonly<Record<ActivityName, ActivityHandler>>;
  /** The fleet scan's activities; starting upgrades needs the invocation's Durable client. */
  readonly fleetActivities: Readonly<
    Record<FleetActivityName, FleetActivityHandler<DurableClient>>
  >;
  /** The application bound to one invocation's Durable client. */
  app(client: DurableClient): App;
}

/** Table names start with the task hub, so two hubs on one storage account never share rows. */
export function tablePrefixOf(config: Config): string {
  return `${config.taskHub}Winshift`;
}

export function settingsOf(config: Config): AppSettings {
  return {
    taskHub: config.taskHub,
    subscriptions: config.subscriptions,
    ...(config.pollPacing ? { pollPacing: config.pollPacing } : {}),
    autoUpgrade: config.autoUpgrade,
    managedWorkloads: config.managedWorkloads,
    calendar: config.calendar,
    retirementWindowDays: config.retirementWindowDays,
    scanConcurrency: config.scanConcurrency,
    planRetentionHours: config.planRetentionHours,
    auth: config.auth,
  };
}

export function compose(config: Config): Composition {
  const credential = createCredential(config);
  const transport = createSandboxTransport(config);
  const azure = createAzureAdapters({
    credential,
    subscriptions: config.subscriptions,
    ...(transport ? { httpClient: transport.httpClient } : {}),
    ...(config.principalId !== undefined ? { principalId: config.principalId } : {}),
    registryConnection: registryConnectionOf(config),
  });
  const prefix = tablePrefixOf(config);
  const store = createTableUpgradeStore(config.storage, prefix, credential);
  const fleetStore = createTableFleetReportStore(config.storage, prefix, credential);
  const eventLog = createTablePoolEventLog(config.storage, prefix, credential);
  const locks = createTableClusterLocks(config.storage, prefix, credential);
  const audit = createTableAuditLog(config.storage, prefix, credential);
  const events = createEventGridPublisher({
    ...(config.eventsTopicEndpoint ? { endpoint: config.eventsTopicEndpoint } : {}),
    credential,
    ...(transport ? { httpClient: transport.httpClient } : {}),
  });
  const log = jsonLineLog();
  const now = (): Date => new Date();
  const settings = settingsOf(config);
  const appDeps = (client: DurableClient): AppDeps => ({
    client: durableOrchestrationClient(client),
    store,
    locks,
    audit,
    fleetStore,
    eventLog,
    aks: azure.aks,
    settings,
    now,
    log,
  });
  // Every write an activity makes is audited under its run (activities/audited.ts).
  const activities = createAuditedActivities({
    ...azure,
    kubernetes: createKubernetesConnector({ aks: azure.aks, credential }),
    store,
    calendar: config.calendar,
    now,
    log,
    audit,
    events,
    ...(config.publicBaseUrl ? { baseUrl: config.publicBaseUrl } : {}),
  });
  const fleetActivities = createFleetActivities({
    aks: azure.aks,
    fleetStore,
    limiter: createRateLimiter({ requestsPerSecond: config.armRequestsPerSecond }),
    calendar: config.calendar,
    windowDays: config.retirementWindowDays,
    now,
    log,
    events,
    starter: (client: DurableClient) => createApp(appDeps(client)).starter,
  });
  return {
    config,
    activities,
    fleetActivities,
    app: (client) => createApp(appDeps(client)),
  };
}

/**
 * The HTTP routes' `authLevel`. In entra mode App Service Authentication signs callers in and the
 * routes are anonymous to the Functions host, which would otherwise demand a key on top of the
 * token (azure-functions-host AuthUtility.PrincipalHasAuthLevelClaim: an Easy Auth identity carries
 * no key level); winshift then checks the principal and its app roles itself (src/api/identity.ts).
 */
export function httpAuthLevel(route: { readonly anonymous?: boolean }): 'anonymous' | 'function' {
  return route.anonymous === true || apiAuthMode() === 'entra' ? 'anonymous' : 'function';
}

let composed: Composition | undefined;

/** The process's dependencies, built on first use from `config()`. */
export function composition(): Composition {
  composed ??= compose(loadedConfig());
  return composed;
}
