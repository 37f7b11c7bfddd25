#!/usr/bin/env bash
# Creates (or brings up to date) winshift's Entra app registration and prints its client id, for
#   azd env set WINSHIFT_API_CLIENT_ID <client id>   (main.bicep apiClientId; WINSHIFT_AUTH=entra)
# Outside Bicep on purpose (docs/adr/0013): an app registration is a Microsoft Graph object, and the
# Graph Bicep extension needs the deploying identity to hold Graph permissions (Application.ReadWrite)
# that a subscription Owner usually lacks; tenants often let only their admins create them.
#
# What it sets, from infra/entra/app-registration.json (Microsoft Graph v1.0 `application`):
# - the app roles Winshift.Read, Winshift.Operate, Winshift.Approve (users and applications);
# - identifier URI api://<client id>, v2.0 access tokens (aud = the client id), a user_impersonation
#   scope, pre-authorized for the Azure CLI's client (04b07795-8ddb-461a-bbee-02f9e1bf7b46), so
#   `az account get-access-token --scope api://<client id>/.default` and the winshift CLI's sign-in
#   need no consent prompt;
# - a service principal with appRoleAssignmentRequired: only principals assigned a role get tokens.
# Idempotent: it finds the registration by display name and PATCHes it to the file's content.
#
# Needs: az (logged in as someone allowed to create app registrations), jq.
# Usage: bash infra/entra/create-app-registration.sh [display name]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MANIFEST="$HERE/app-registration.json"
GRAPH=https://graph.microsoft.com/v1.0
NAME=${1:-$(jq -r .displayName "$MANIFEST")}

log() { echo "[winshift entra] $*" >&2; }

app_json=$(az rest --method get \
  --url "$GRAPH/applications?\$filter=displayName eq '$NAME'&\$select=id,appId" \
  --query 'value[0]' --output json)
if [ -z "$app_json" ] || [ "$app_json" = "null" ]; then
  log "creating app registration $NAME"
  app_json=$(az rest --method post --url "$GRAPH/applications" \
    --headers 'Content-Type=application/json' \
    --body "$(jq -c --arg name "$NAME" '{displayName: $name, signInAudience}' "$MANIFEST")" \
    --query '{id: id, appId: appId}' --output json)
fi
object_id=$(jq -r .id <<<"$app_json")
client_id=$(jq -r .appId <<<"$app_json")

# Graph refuses pre-authorizing a scope it does not know yet: the roles and scope first, then the rest.
log "setting app roles, scope and identifier URI on $client_id"
az rest --method patch --url "$GRAPH/applications/$object_id" \
  --headers 'Content-Type=application/json' \
  --body "$(jq -c --arg uri "api://$client_id" \
    '{appRoles, identifierUris: [$uri], api: {requestedAccessTokenVersion: .api.requestedAccessTokenVersion, oauth2PermissionScopes: .api.oauth2PermissionScopes}}' \
    "$MANIFEST")" >/dev/null
az rest --method patch --url "$GRAPH/applications/$object_id" \
  --headers 'Content-Type=application/json' \
  --body "$(jq -c '{api: {preAuthorizedApplications: .api.preAuthorizedApplications}}' "$MANIFEST")" >/dev/null

sp_id=$(az rest --method get \
  --url "$GRAPH/servicePrincipals?\$filter=appId eq '$client_id'&\$select=id" \
  --query 'value[0].id' --output tsv)
if [ -z "$sp_id" ]; then
  log "creating its service principal"
  sp_id=$(az rest --method post --url "$GRAPH/servicePrincipals" \
    --headers 'Content-Type=application/json' \
    --body "{\"appId\": \"$client_id\"}" --query id --output tsv)
fi
az rest --method patch --url "$GRAPH/servicePrincipals/$sp_id" \
  --headers 'Content-Type=application/json' \
  --body '{"appRoleAssignmentRequired": true}' >/dev/null

log "done. Next:"
log "  azd env set WINSHIFT_API_CLIENT_ID $client_id"
log "  assign roles (user or service principal object id; role ids in $MANIFEST):"
log "  az rest --method post --url $GRAPH/servicePrincipals/$sp_id/appRoleAssignedTo \\"
log "    --body '{\"principalId\": \"<object id>\", \"resourceId\": \"$sp_id\", \"appRoleId\": \"<role id>\"}'"
echo "$client_id"
