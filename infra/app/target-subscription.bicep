// winshift's access to ONE target subscription (main.bicep deploys this once per subscription in
// targetSubscriptionIds): the operator role, with an ABAC condition on role assignment writes, and
// optionally the Azure RBAC for Kubernetes role.
targetScope = 'subscription'

@description('Principal (object) id of the app\'s user-assigned identity.')
param principalId string

@description('Name (GUID) of the winshift operator custom role.')
param operatorRoleName string

@description('Name (GUID) of the winshift Kubernetes custom role; empty when Azure RBAC for Kubernetes is not used.')
param kubernetesRoleName string = ''

@description('Role definition ids (GUIDs) winshift may assign when it copies role assignments.')
param grantableRoleDefinitionIds array

var operatorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRoleName)
var kubernetesRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', kubernetesRoleName)

// Role assignment writes (winshift's only ones: copies for a new pool's system-assigned VMSS
// identity) may grant only the listed roles, and only to service principals (managed identities).
// The role grants no delete. Every other action of the role is unaffected by the condition.
var grantableRoles = join(grantableRoleDefinitionIds, ', ')
var roleAssignmentCondition = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${grantableRoles}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, operatorRoleId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: operatorRoleId
    description: 'winshift: replace AKS Windows node pools in this subscription'
    condition: roleAssignmentCondition
    conditionVersion: '2.0'
  }
}

resource kubernetesAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(kubernetesRoleName)) {
  name: guid(subscription().id, principalId, kubernetesRoleId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: kubernetesRoleId
    description: 'winshift: Kubernetes access on clusters that use Azure RBAC for Kubernetes'
  }
}
