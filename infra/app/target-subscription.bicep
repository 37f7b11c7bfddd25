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
// identity) may grant only the listed roles, never a privileged one even if listed (Owner, User Access
// Administrator, Role Based Access Control Administrator), only to service principals (managed
// identities), and never to winshift's own principal: it cannot raise its own rights with them.
// ARM checks the request's principalType against the principal (UnmatchedPrincipalType).
// The role grants no delete. Every other action of the role is unaffected by the condition.
// Attributes and operators: https://learn.microsoft.com/azure/role-based-access-control/conditions-authorization-actions-attributes
// and the "Exclude roles" / "Constrain roles and principal types" examples of
// https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples.
var grantableRoles = join(grantableRoleDefinitionIds, ', ')
var privilegedRoles = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var roleAssignmentCondition = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${grantableRoles}} AND @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${privilegedRoles}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {${principalId}})'

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
