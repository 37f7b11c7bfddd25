// winshift on Azure: a Flex Consumption Function App with its storage, monitoring and one
// user-assigned identity (infra/app/resources.bicep), and that identity's least-privilege access to
// the target subscriptions (infra/app/target-subscription.bicep, once per subscription).
//
// Plain resource declarations, no registry modules, so the files read offline. NOTE: no Bicep
// compiler was available where this was written; test/unit/deploy/ checks its structure only.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name: part of every resource name and of the resource group name.')
param environmentName string

@minLength(1)
@description('Region of the app and its resources (one that offers Flex Consumption).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group to create; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('Comma-separated subscription ids winshift may read and change (its allow list and the fleet scan scope). Empty: the deployment subscription. A string, so azd can pass it from one environment value.')
param targetSubscriptionIds string = ''

@description('Durable Functions backend: Azure Storage (the app storage account) or a Durable Task Scheduler.')
@allowed(['AzureStorage', 'DurableTaskScheduler'])
param durableBackend string = 'AzureStorage'

@description('Durable Task Scheduler SKU when durableBackend is DurableTaskScheduler.')
@allowed(['Consumption', 'Dedicated'])
param durableTaskSchedulerSku string = 'Consumption'

@description('Durable task hub name (WINSHIFT_TASK_HUB); with the scheduler, also its task hub resource.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'winshift'

@description('Existing subnet (delegated to Microsoft.App/environments) for VNet integration, e.g. one that reaches private clusters. Empty: no VNet integration.')
param appSubnetId string = ''

@description('Node.js major version of the Functions runtime. 22 is offered for Flex Consumption in every region; check 24 with `az functionapp list-flexconsumption-runtimes --location <region> --runtime node`. The package is tested on both (test/integration/deploy/node-versions.test.ts).')
@allowed(['22', '24'])
param nodeVersion string = '22'

@description('Flex Consumption instance memory in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption maximum instance count.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('WINSHIFT_FLEET_SCAN_SCHEDULE: NCRONTAB of the fleet scan timer.')
param fleetScanSchedule string = '0 0 6 * * *'

@description('WINSHIFT_RETIREMENT_WINDOW_DAYS: a pool is retiring within this many days of its OS retirement.')
param retirementWindowDays int = 90

@description('WINSHIFT_AUTO_UPGRADE: which classified pools the scan or an event starts upgrades for.')
@allowed(['off', 'retired', 'window'])
param autoUpgrade string = 'off'

@description('WINSHIFT_OS_CALENDAR: JSON override of the built-in retirement calendar. Empty: built-in.')
param osCalendar string = ''

@description('WINSHIFT_REGISTRY_ALLOW: comma-separated registry host names (or *.domain) that may resolve to private or other internal addresses, e.g. an ACR behind a private endpoint reached through appSubnetId. Empty: every registry must resolve to public addresses.')
param registryAllow string = ''

@description('WINSHIFT_ARM_REQUESTS_PER_SECOND: ARM request rate the fleet scan keeps to.')
param armRequestsPerSecond int = 20

@description('WINSHIFT_SCAN_CONCURRENCY: subscriptions/clusters scanned at once.')
param scanConcurrency int = 8

@description('Role definition ids (GUIDs) winshift may assign when it copies a system-assigned VMSS identity\'s role assignments. Default: Key Vault Secrets User, Key Vault Reader, AcrPull.')
param grantableRoleDefinitionIds array = [
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  '21090545-7ca7-4776-b22c-e363652d74d2' // Key Vault Reader
  '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
]

@description('Also grant the Kubernetes permissions through Azure RBAC for Kubernetes (clusters with that mode enabled). Clusters on Kubernetes RBAC need infra/kubernetes/clusterrole.yaml instead.')
param azureRbacForKubernetes bool = true

@description('WINSHIFT_AUTH: who may call the HTTP API. entra: App Service Authentication signs callers in with Entra ID and winshift checks their app roles (needs apiClientId); keys: Functions keys, every holder may do everything. See docs/adr/0013.')
@allowed(['entra', 'keys'])
param apiAuth string = 'entra'

@description('WINSHIFT_API_CLIENT_ID: client id of winshift\'s app registration, created outside this template (infra/entra/create-app-registration.sh). Required when apiAuth is entra: without it winshift answers 503.')
param apiClientId string = ''

@description('WINSHIFT_APPROVAL_SEPARATION: on | off (the approver must differ from who started the run). Empty: on with entra, off with keys.')
@allowed(['', 'on', 'off'])
param approvalSeparation string = ''

@description('WINSHIFT_FUNCTION_KEY_NAMES: JSON {"<name>": "<SHA-256 hex of the key>"} naming Functions keys in run records (keys mode). Empty: keys are named by a hash prefix.')
param functionKeyNames string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'winshift' }
var targets = empty(trim(targetSubscriptionIds))
  ? [subscription().subscriptionId]
  : map(split(targetSubscriptionIds, ','), id => trim(id))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'app/resources.bicep' = {
  name: 'winshift-app-${resourceToken}'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    durableBackend: durableBackend
    durableTaskSchedulerSku: durableTaskSchedulerSku
    taskHubName: taskHubName
    appSubnetId: appSubnetId
    nodeVersion: nodeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    subscriptions: join(targets, ',')
    fleetScanSchedule: fleetScanSchedule
    retirementWindowDays: retirementWindowDays
    autoUpgrade: autoUpgrade
    armRequestsPerSecond: armRequestsPerSecond
    scanConcurrency: scanConcurrency
    osCalendar: osCalendar
    registryAllow: registryAllow
    apiAuth: apiAuth
    apiClientId: apiClientId
    approvalSeparation: approvalSeparation
    functionKeyNames: functionKeyNames
  }
}

// The ARM permissions of infra/app/target-subscription.bicep's role, defined once in the deployment
// subscription and assignable in every target subscription.
resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(tenant().tenantId, subscription().id, environmentName, 'winshift-operator')
  properties: {
    roleName: 'winshift operator (${environmentName}, ${resourceToken})'
    description: 'Least privilege for winshift: replace AKS Windows node pools and carry their identities over.'
    type: 'CustomRole'
    assignableScopes: [for id in union([subscription().subscriptionId], targets): '/subscriptions/${id}']
    permissions: [
      {
        actions: [
          // Read clusters and their kubeconfig (listClusterUserCredential)
          'Microsoft.ContainerService/managedClusters/read'
          'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'
          // Create, adopt and delete agent pools; their progress is read from the pool itself (GET),
          // not from the long-running operation's status URL
          'Microsoft.ContainerService/managedClusters/agentPools/read'
          'Microsoft.ContainerService/managedClusters/agentPools/write'
          'Microsoft.ContainerService/managedClusters/agentPools/delete'
          // Copy user-assigned identities between the pools' scale sets (node resource groups)
          'Microsoft.Compute/virtualMachineScaleSets/read'
          'Microsoft.Compute/virtualMachineScaleSets/write'
          'Microsoft.ManagedIdentity/userAssignedIdentities/read'
          'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action'
          // Copy a system-assigned identity's role assignments (writes limited by the ABAC condition
          // of target-subscription.bicep); winshift never deletes an assignment
          'Microsoft.Authorization/roleAssignments/read'
          'Microsoft.Authorization/roleAssignments/write'
          // Copy Key Vault access policies for that identity
          'Microsoft.KeyVault/vaults/read'
          'Microsoft.KeyVault/vaults/accessPolicies/write'
          // Check that new images exist in Azure Container Registries (Entra -> ACR token exchange)
          'Microsoft.ContainerRegistry/registries/pull/read'
          // Plan preflight (reads only): the region's vCPU quotas and the VM size's family, the free
          // addresses of the pool's subnets, the Kubernetes versions AKS offers new pools; without one
          // the plan warns (PREFLIGHT_UNVERIFIED) instead of checking
          'Microsoft.Compute/locations/usages/read'
          'Microsoft.Compute/skus/read'
          'Microsoft.Network/virtualNetworks/subnets/read'
          'Microsoft.ContainerService/managedClusters/availableAgentPoolVersions/read'
          // Plan-time checks of winshift's own access: a registry's role assignment mode and ARM
          // audience policy, and winshift's permissions at a vault, identity or registry
          'Microsoft.ContainerRegistry/registries/read'
          'Microsoft.Authorization/permissions/read'
        ]
        notActions: []
        dataActions: [
          // gMSA check: a secret exists (its properties), never its value
          'Microsoft.KeyVault/vaults/secrets/readMetadata/action'
        ]
        notDataActions: []
      }
    ]
  }
}

// Azure RBAC for Kubernetes: the data actions equivalent to infra/kubernetes/permissions.json, which is
// exactly what src/adapters/kubernetes calls (api-calls.ts; test/unit/deploy/kubernetes-rbac.test.ts
// derives this list from it). Guard maps get/list/watch -> read, create/patch/update -> write,
// delete -> delete, and a subresource such as pods/eviction to its resource: a data action is coarser
// than a verb, so pods/write (for evictions) also allows creating pods, and apps/*/write (for
// patches) also allows creating those workloads; docs/deploy.md says so.
resource kubernetesRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (azureRbacForKubernetes) {
  name: guid(tenant().tenantId, subscription().id, environmentName, 'winshift-kubernetes')
  properties: {
    roleName: 'winshift Kubernetes operator (${environmentName}, ${resourceToken})'
    description: 'Kubernetes access for winshift on AKS clusters that use Azure RBAC for Kubernetes.'
    type: 'CustomRole'
    assignableScopes: [for id in union([subscription().subscriptionId], targets): '/subscriptions/${id}']
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.ContainerService/managedClusters/nodes/read'
          'Microsoft.ContainerService/managedClusters/nodes/write'
          'Microsoft.ContainerService/managedClusters/pods/read'
          'Microsoft.ContainerService/managedClusters/pods/write'
          'Microsoft.ContainerService/managedClusters/pods/delete'
          'Microsoft.ContainerService/managedClusters/namespaces/read'
          'Microsoft.ContainerService/managedClusters/namespaces/write'
          'Microsoft.ContainerService/managedClusters/apps/deployments/read'
          'Microsoft.ContainerService/managedClusters/apps/deployments/write'
          'Microsoft.ContainerService/managedClusters/apps/statefulsets/read'
          'Microsoft.ContainerService/managedClusters/apps/statefulsets/write'
          'Microsoft.ContainerService/managedClusters/apps/replicasets/read'
          'Microsoft.ContainerService/managedClusters/apps/daemonsets/read'
          'Microsoft.ContainerService/managedClusters/apps/daemonsets/write'
          'Microsoft.ContainerService/managedClusters/apps/daemonsets/delete'
          'Microsoft.ContainerService/managedClusters/batch/jobs/read'
          'Microsoft.ContainerService/managedClusters/batch/cronjobs/read'
          'Microsoft.ContainerService/managedClusters/batch/cronjobs/write'
          'Microsoft.ContainerService/managedClusters/node.k8s.io/runtimeclasses/read'
          'Microsoft.ContainerService/managedClusters/windows.k8s.io/gmsacredentialspecs/read'
        ]
        notDataActions: []
      }
    ]
  }
}

module targetAccess 'app/target-subscription.bicep' = [
  for subscriptionId in targets: {
    name: 'winshift-access-${resourceToken}-${take(subscriptionId, 8)}'
    scope: subscription(subscriptionId)
    params: {
      principalId: app.outputs.principalId
      // Names (GUIDs): the module resolves them in its own subscription, one of their assignable scopes.
      operatorRoleName: operatorRole.name
      kubernetesRoleName: azureRbacForKubernetes ? kubernetesRole.name : ''
      grantableRoleDefinitionIds: grantableRoleDefinitionIds
    }
  }
]

// azd writes these into the environment (.azure/<env>/.env); the postdeploy hook reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_FUNCTION_APP_ID string = app.outputs.functionAppId
output AZURE_STORAGE_ACCOUNT_ID string = app.outputs.storageAccountId
output EVENTGRID_DEADLETTER_CONTAINER string = app.outputs.deadLetterContainerName
output AZURE_CLIENT_ID string = app.outputs.clientId
output AZURE_PRINCIPAL_ID string = app.outputs.principalId
output WINSHIFT_SUBSCRIPTIONS string = join(targets, ',')
output EVENTS_TOPIC_ID string = app.outputs.eventsTopicId
