#!/usr/bin/env bash
# azd postdeploy hook: deliver the six AKS Event Grid event types of each cluster in
# WINSHIFT_EVENTGRID_CLUSTER_IDS to winshift's aksEvents function, dead-lettering to the app's
# storage account. It runs after the deploy because a subscription to a function that does not exist
# yet fails validation.
#
# Per cluster: reuse the cluster's Event Grid system topic (Azure allows one per resource) or create
# one, give it a system-assigned identity, let that identity write the dead-letter container, then
# create or update the event subscription `winshift-aks-events`. Idempotent: re-running changes
# nothing that is already right. ARM calls go through `az rest` with explicit api-versions so the
# request bodies are the documented ones, independent of the az CLI version.
#
# Inputs (azd passes its environment values as variables):
#   WINSHIFT_EVENTGRID_CLUSTER_IDS  AKS resource ids, comma or space separated (empty: nothing to do)
#   AZURE_FUNCTION_APP_ID           the Function App (main.bicep output)
#   AZURE_STORAGE_ACCOUNT_ID        the app storage account (main.bicep output)
#   EVENTGRID_DEADLETTER_CONTAINER  dead-letter container in that account (main.bicep output)
set -euo pipefail

ARM=https://management.azure.com
EVENTGRID_API=2022-06-15
AKS_API=2024-05-01
SUBSCRIPTION_NAME=winshift-aks-events
FUNCTION_NAME=aksEvents
STORAGE_BLOB_DATA_CONTRIBUTOR=ba92f5b4-2d11-453d-a403-e96b0029c9fe
EVENT_TYPES=(
  Microsoft.ContainerService.ClusterSupportEnding
  Microsoft.ContainerService.ClusterSupportEnded
  Microsoft.ContainerService.NewKubernetesVersionAvailable
  Microsoft.ContainerService.NodePoolRollingStarted
  Microsoft.ContainerService.NodePoolRollingSucceeded
  Microsoft.ContainerService.NodePoolRollingFailed
)

log() { echo "[winshift eventgrid] $*" >&2; }

require() {
  local name=$1
  if [ -z "${!name:-}" ]; then
    log "$name is not set (run azd provision first)"
    exit 1
  fi
}

# The system topic whose source is this cluster, as "id<TAB>identity type<TAB>principal id", or "".
find_system_topic() {
  local cluster=$1 subscription
  subscription=$(cut -d/ -f3 <<<"$cluster")
  local wanted=${cluster,,}
  az rest --method get \
    --url "$ARM/subscriptions/$subscription/providers/Microsoft.EventGrid/systemTopics?api-version=$EVENTGRID_API" \
    --query "value[].[id, properties.source, identity.type, identity.principalId]" --output tsv |
    while IFS=$'\t' read -r id source type principal; do
      # Resource ids compare case-insensitively.
      if [ "${source,,}" = "$wanted" ]; then
        printf '%s\t%s\t%s\n' "$id" "$type" "$principal"
        break
      fi
    done
}

# Creates the cluster's system topic with a system-assigned identity; prints it like find_system_topic.
create_system_topic() {
  local cluster=$1 location topic_id principal
  location=$(az rest --method get --url "$ARM$cluster?api-version=$AKS_API" --query location --output tsv)
  topic_id="$(cut -d/ -f1-5 <<<"$cluster")/providers/Microsoft.EventGrid/systemTopics/$(basename "$cluster")-events"
  log "creating system topic $topic_id"
  principal=$(az rest --method put --url "$ARM$topic_id?api-version=$EVENTGRID_API" \
    --body "{\"location\": \"$location\", \"identity\": {\"type\": \"SystemAssigned\"}, \"properties\": {\"source\": \"$cluster\", \"topicType\": \"Microsoft.ContainerService.ManagedClusters\"}}" \
    --query identity.principalId --output tsv)
  printf '%s\tSystemAssigned\t%s\n' "$topic_id" "$principal"
}

# Adds a system-assigned identity to a reused topic (keeping a user-assigned one); prints its principal.
ensure_topic_identity() {
  local topic_id=$1 type=$2 principal=$3
  case "$type" in
    *SystemAssigned*) printf '%s\n' "$principal"; return ;;
    *UserAssigned*) type='SystemAssigned, UserAssigned' ;;
    *) type='SystemAssigned' ;;
  esac
  log "adding a system-assigned identity to $topic_id"
  az rest --method patch --url "$ARM$topic_id?api-version=$EVENTGRID_API" \
    --body "{\"identity\": {\"type\": \"$type\"}}" --query identity.principalId --output tsv
}

subscription_body() {
  local types
  types=$(printf '"%s", ' "${EVENT_TYPES[@]}")
  cat <<EOF
{
  "properties": {
    "destination": {
      "endpointType": "AzureFunction",
      "properties": {
        "resourceId": "$AZURE_FUNCTION_APP_ID/functions/$FUNCTION_NAME",
        "maxEventsPerBatch": 1,
        "preferredBatchSizeInKilobytes": 64
      }
    },
    "filter": { "includedEventTypes": [${types%, }] },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": { "maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440 },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": {
          "resourceId": "$AZURE_STORAGE_ACCOUNT_ID",
          "blobContainerName": "$EVENTGRID_DEADLETTER_CONTAINER"
        }
      }
    }
  }
}
EOF
}

wait_for_subscription() {
  local url=$1 state=''
  for _ in $(seq 1 ${WINSHIFT_EVENTGRID_WAIT_POLLS:-60}); do
    state=$(az rest --method get --url "$url" --query properties.provisioningState --output tsv)
    case "$state" in
      Succeeded) return 0 ;;
      Failed | Canceled) break ;;
    esac
    sleep "${WINSHIFT_EVENTGRID_POLL_SECONDS:-5}"
  done
  log "event subscription $url ended $state"
  return 1
}

wire_cluster() {
  local cluster=$1 found topic_id type principal
  found=$(find_system_topic "$cluster")
  if [ -n "$found" ]; then
    log "reusing system topic ${found%%$'\t'*}"
  else
    found=$(create_system_topic "$cluster")
  fi
  IFS=$'\t' read -r topic_id type principal <<<"$found"
  principal=$(ensure_topic_identity "$topic_id" "$type" "$principal")

  az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
    --role "$STORAGE_BLOB_DATA_CONTRIBUTOR" \
    --scope "$AZURE_STORAGE_ACCOUNT_ID/blobServices/default/containers/$EVENTGRID_DEADLETTER_CONTAINER" \
    --output none

  local url="$ARM$topic_id/eventSubscriptions/$SUBSCRIPTION_NAME?api-version=$EVENTGRID_API"
  log "creating or updating $SUBSCRIPTION_NAME on $topic_id"
  az rest --method put --url "$url" --body "$(subscription_body)" --output none
  wait_for_subscription "$url"
}

main() {
  local clusters=${WINSHIFT_EVENTGRID_CLUSTER_IDS:-}
  if [ -z "${clusters// /}" ]; then
    log "WINSHIFT_EVENTGRID_CLUSTER_IDS is empty: no Event Grid subscriptions (see docs/deploy.md)"
    return 0
  fi
  require AZURE_FUNCTION_APP_ID
  require AZURE_STORAGE_ACCOUNT_ID
  require EVENTGRID_DEADLETTER_CONTAINER
  for cluster in ${clusters//,/ }; do
    wire_cluster "$cluster"
  done
  log "done"
}

main "$@"
