// The app and what it runs on, in one resource group: user-assigned identity, storage (identity
// only: no shared keys), Log Analytics + Application Insights, the Flex Consumption plan and
// Function App, and optionally a Durable Task Scheduler.
targetScope = 'resourceGroup'

param location string
param tags object
@description('Deterministic suffix of every name (uniqueString of subscription, environment, region).')
param resourceToken string
@allowed(['AzureStorage', 'DurableTaskScheduler'])
param durableBackend string
param durableTaskSchedulerSku string
param taskHubName string
param appSubnetId string
param nodeVersion string
param instanceMemoryMB int
param maximumInstanceCount int
@description('Comma-separated target subscription ids (WINSHIFT_SUBSCRIPTIONS).')
param subscriptions string
param fleetScanSchedule string
param retirementWindowDays int
param autoUpgrade string
param armRequestsPerSecond int
param scanConcurrency int
param osCalendar string
@description('WINSHIFT_REGISTRY_ALLOW: registry hosts that may resolve to internal addresses; empty: none.')
param registryAllow string
@description('WINSHIFT_AUTH: entra (App Service Authentication in front) or keys.')
@allowed(['entra', 'keys'])
param apiAuth string
@description('WINSHIFT_API_CLIENT_ID: the app registration Easy Auth validates tokens for.')
param apiClientId string
@description('WINSHIFT_APPROVAL_SEPARATION: on | off | empty (the mode\'s default).')
param approvalSeparation string
@description('WINSHIFT_FUNCTION_KEY_NAMES: JSON naming Functions keys; empty: none.')
param functionKeyNames string

var useScheduler = durableBackend == 'DurableTaskScheduler'
var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'eventgrid-deadletter'

// Built-in role definition ids (stable across tenants).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-winshift-${resourceToken}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stwinshift${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false // identity-based access only (AzureWebJobsStorage__accountName)
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption pulls the deployment package from here.
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// Event Grid dead-letters undeliverable AKS events here (the postdeploy hook wires it).
resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: { publicAccess: 'None' }
}

// The Functions host's own needs on AzureWebJobsStorage: blobs (leases, timers, deployment
// package), queues and tables (Durable Functions' Azure Storage backend).
resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-winshift-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-winshift-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true // telemetry authenticated with the app identity
  }
}

resource appInsightsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = if (useScheduler) {
  name: 'dts-winshift-${resourceToken}'
  location: location
  tags: tags
  properties: {
    ipAllowlist: ['0.0.0.0/0']
    sku: { name: durableTaskSchedulerSku }
  }
}

resource schedulerTaskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = if (useScheduler) {
  parent: scheduler
  name: taskHubName
}

resource schedulerRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useScheduler) {
  name: guid(resourceGroup().id, 'dts-winshift-${resourceToken}', identity.id, roles.durableTaskDataContributor)
  scope: scheduler
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor)
  }
}

// winshift's lifecycle events (io.winshift.upgrade.*, io.winshift.fleet.scanned): a custom topic in
// the CloudEvents 1.0 schema, published to with the app identity only (no access keys);
// docs/deploy.md wires subscriptions (Teams through a Logic App, a webhook, ...).
resource eventsTopic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: 'evgt-winshift-${resourceToken}'
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource eventsTopicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventsTopic.id, identity.id, roles.eventGridDataSender)
  scope: eventsTopic
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-winshift-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

// Every setting src/config.ts reads (docs/deploy.md lists them; test/unit/deploy checks both).
// The sandbox settings (WINSHIFT_SANDBOX_*) are never set in Azure.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AZURE_CLIENT_ID: identity.properties.clientId
  // The plan looks for winshift's own access policy on gMSA vaults that use access policies.
  WINSHIFT_PRINCIPAL_ID: identity.properties.principalId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  WINSHIFT_TASK_HUB: taskHubName
  WINSHIFT_SUBSCRIPTIONS: subscriptions
  WINSHIFT_FLEET_SCAN_SCHEDULE: fleetScanSchedule
  WINSHIFT_RETIREMENT_WINDOW_DAYS: string(retirementWindowDays)
  WINSHIFT_AUTO_UPGRADE: autoUpgrade
  WINSHIFT_ARM_REQUESTS_PER_SECOND: string(armRequestsPerSecond)
  WINSHIFT_SCAN_CONCURRENCY: string(scanConcurrency)
  WINSHIFT_EVENTS_TOPIC_ENDPOINT: eventsTopic.properties.endpoint
}

// Only when set: an empty WINSHIFT_OS_CALENDAR would be invalid JSON for config.ts.
var calendarSettings = empty(osCalendar) ? {} : {
  WINSHIFT_OS_CALENDAR: osCalendar
}

// Only when set: registries behind private endpoints (with appSubnetId) resolve to private addresses.
var registrySettings = empty(registryAllow) ? {} : {
  WINSHIFT_REGISTRY_ALLOW: registryAllow
}

// Who may call the HTTP API (docs/adr/0013). An empty WINSHIFT_API_CLIENT_ID reads as unset; the
// other two only when set (an empty separation means the mode's default).
var apiAuthSettings = {
  WINSHIFT_AUTH: apiAuth
  WINSHIFT_API_CLIENT_ID: apiClientId
}
var approvalSettings = empty(approvalSeparation) ? {} : {
  WINSHIFT_APPROVAL_SEPARATION: approvalSeparation
}
var keyNameSettings = empty(functionKeyNames) ? {} : {
  WINSHIFT_FUNCTION_KEY_NAMES: functionKeyNames
}

// host.json is static, so the scheduler backend is switched on through host settings.
var schedulerSettings = useScheduler ? {
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${scheduler.properties.endpoint};Authentication=ManagedIdentity;ClientID=${identity.properties.clientId}'
} : {}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-winshift-${resourceToken}'
  location: location
  tags: union(tags, { 'azd-service-name': 'winshift' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        for setting in items(union(appSettings, calendarSettings, registrySettings, schedulerSettings, apiAuthSettings, approvalSettings, keyNameSettings)): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
  dependsOn: [
    storageRoleAssignments
    deploymentContainer
    eventsTopicSender
  ]
}

// App Service Authentication (Easy Auth) with the Microsoft Entra provider (entra mode): every
// request needs a valid access token for winshift's app registration, else 401; the platform then
// injects x-ms-client-principal, from which winshift reads the caller and their app roles. The
// shape is authsettingsV2's (azure-rest-api-specs Microsoft.Web/stable/2024-04-01/examples/
// UpdateAuthSettingsV2.json). Excluded: the OpenAPI document (anonymous) and the Event Grid webhook
// (its system key guards it; Event Grid sends no Entra token). No client secret: the app only
// validates bearer tokens, it signs nobody in. The routes are anonymous to the Functions host in
// this mode (src/composition.ts httpAuthLevel). src/local/http/easy-auth.ts emulates this locally.
resource easyAuth 'Microsoft.Web/sites/config@2024-04-01' = if (apiAuth == 'entra') {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      // Tokens are validated when sent; a call without one reaches winshift, which answers 401
      // unless it carries a function key WINSHIFT_FUNCTION_KEY_NAMES lists (ADR 0013).
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
      excludedPaths: [
        '/api/openapi.json'
        '/runtime/webhooks/eventgrid'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${apiClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

output functionAppName string = functionApp.name
output functionAppId string = functionApp.id
output storageAccountId string = storage.id
output deadLetterContainerName string = deadLetterContainer.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output eventsTopicId string = eventsTopic.id
output eventsTopicEndpoint string = eventsTopic.properties.endpoint
