#!/usr/bin/env sh
# Grants the app's managed identity the Microsoft Graph application roles listed in
# infra/graph-permissions.json, and nothing else. Idempotent: roles already granted are left
# alone. Needs only the Azure CLI, signed in as an admin who may grant application roles on
# Microsoft Graph: Privileged Role Administrator, or Cloud Application Administrator (or Global
# Administrator).
#
#   infra/scripts/grant-graph-permissions.sh --principal-id <object id> [--dry-run] [--from-azd]
#       [--user-client-id <app registration client id>]
#
# --user-client-id (for GRAPH_CHANGES_AS=user) also makes the app registration users sign in to
# trust the managed identity as a federated credential (no client secret), and adds and
# admin-consents the delegated permissions listed under "delegated" (needs Cloud Application
# Administrator or Privileged Role Administrator for the consent).
#
# --dry-run prints what would be granted and changes nothing. --from-azd (the postprovision hook)
# never fails the deployment: without the admin role it prints the command an admin must run.
set -eu

principal=""
dry_run=false
from_azd=false
user_client_id=""
while [ $# -gt 0 ]; do
  case "$1" in
    --principal-id) principal="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --from-azd) from_azd=true; shift ;;
    --user-client-id) user_client_id="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$principal" ]; then
  echo "Pass --principal-id: the managed identity's object id (azd output MANAGED_IDENTITY_PRINCIPAL_ID)." >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
# The role names, read without any tool beyond the shell: one "role": "<name>" per entry.
roles=$(sed -n 's/.*"role"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$here/../graph-permissions.json")
graph_app_id=00000003-0000-0000-c000-000000000000
again="infra/scripts/grant-graph-permissions.sh --principal-id $principal"

echo "Granting Microsoft Graph application roles to $principal: $(echo $roles)"
echo "(needs Privileged Role Administrator or Cloud Application Administrator)"

not_granted() {
  echo "" >&2
  echo "Not granted: $1" >&2
  echo "The app is deployed, but cannot call Graph until an admin with Privileged Role" >&2
  echo "Administrator or Cloud Application Administrator runs:" >&2
  echo "  $again" >&2
  if [ "$from_azd" = true ]; then
    exit 0
  fi
  exit 1
}

graph_sp=$(az ad sp show --id "$graph_app_id" --query id -o tsv) || not_granted "could not read Microsoft Graph's service principal"
granted=$(az rest --method GET \
  --url "https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv) || not_granted "could not read the identity's current grants"

for role in $roles; do
  role_id=$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='$role' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  if [ -z "$role_id" ]; then
    echo "Microsoft Graph has no application role $role" >&2
    exit 1
  fi
  if echo "$granted" | grep -qx "$role_id"; then
    echo "already granted: $role"
  elif [ "$dry_run" = true ]; then
    echo "would grant: $role"
  else
    az rest --method POST \
      --url "https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments" \
      --headers "Content-Type=application/json" \
      --body "{\"principalId\":\"$principal\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" \
      --output none || not_granted "$role (your account may not grant application roles)"
    echo "granted: $role"
  fi
done

if [ -n "$user_client_id" ]; then
  # On-behalf-of as the registration: the managed identity's token is its client assertion.
  tenant=$(az account show --query tenantId -o tsv)
  if az ad app federated-credential list --id "$user_client_id" --query "[?name=='provisioning-ops-identity'].name" -o tsv | grep -q .; then
    echo "already trusted: the managed identity as a federated credential of $user_client_id"
  elif [ "$dry_run" = true ]; then
    echo "would trust: the managed identity as a federated credential of $user_client_id"
  else
    az ad app federated-credential create --id "$user_client_id" --parameters \
      "{\"name\":\"provisioning-ops-identity\",\"issuer\":\"https://login.microsoftonline.com/$tenant/v2.0\",\"subject\":\"$principal\",\"audiences\":[\"api://AzureADTokenExchange\"]}" \
      --output none || not_granted "the federated credential on $user_client_id"
    echo "trusted: the managed identity as a federated credential of $user_client_id"
  fi
  delegated=$(sed -n 's/.*"permission"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$here/../graph-permissions.json")
  for permission in $delegated; do
    scope_id=$(az ad sp show --id "$graph_app_id" --query "oauth2PermissionScopes[?value=='$permission'].id | [0]" -o tsv)
    if [ "$dry_run" = true ]; then
      echo "would add delegated: $permission"
    else
      az ad app permission add --id "$user_client_id" --api "$graph_app_id" \
        --api-permissions "$scope_id=Scope" --output none || not_granted "delegated $permission"
      echo "added delegated: $permission"
    fi
  done
  if [ "$dry_run" != true ]; then
    az ad app permission admin-consent --id "$user_client_id" --output none \
      || not_granted "admin consent for $user_client_id"
    echo "consented: the delegated permissions of $user_client_id"
  fi
fi
