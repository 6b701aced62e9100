#!/usr/bin/env sh
# Grants the app's managed identity the Microsoft Graph application roles listed in
# infra/graph-permissions.json, and nothing else. Idempotent: roles already granted are left
# alone. Needs the Azure CLI signed in as a Privileged Role Administrator (or Global
# Administrator), because application roles on Graph need admin consent.
#
#   infra/scripts/grant-graph-permissions.sh --principal-id <object id> [--dry-run]
#
# --dry-run prints what would be granted and changes nothing.
set -eu

principal=""
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --principal-id) principal="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$principal" ]; then
  echo "Pass --principal-id: the managed identity's object id (azd output MANAGED_IDENTITY_PRINCIPAL_ID)." >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
roles=$(python3 -c 'import json,sys; print("\n".join(r["role"] for r in json.load(open(sys.argv[1]))["roles"]))' "$here/../graph-permissions.json")
graph_app_id=00000003-0000-0000-c000-000000000000

graph_sp=$(az ad sp show --id "$graph_app_id" --query id -o tsv)
granted=$(az rest --method GET \
  --url "https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv)

echo "$roles" | while read -r role; do
  [ -z "$role" ] && continue
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
      --output none
    echo "granted: $role"
  fi
done
