#!/usr/bin/env sh
# azd preprovision hook: what `azd up` cannot create itself, checked before anything is made.
# - the resource providers the template uses are registered on the subscription (Flex
#   Consumption needs Microsoft.App on a fresh subscription); registers the missing ones;
# - AZURE_PRINCIPAL_TYPE says whether a user or a service principal deploys (role assignments
#   must name the right type);
# - PROVOPS_VAULT_SALT is set once per environment (Key Vault names stay taken for 90 days after
#   a delete; the postdown hook changes the salt so the next `azd up` gets new names).
# Needs only the Azure CLI, signed in (`az login`), and azd.
set -eu

providers="Microsoft.App Microsoft.Web Microsoft.Storage Microsoft.KeyVault Microsoft.OperationalInsights Microsoft.Insights Microsoft.ManagedIdentity"

if ! az account show --output none 2>/dev/null; then
  echo "Sign in to the Azure CLI first: az login" >&2
  exit 1
fi

for namespace in $providers; do
  state=$(az provider show --namespace "$namespace" --query registrationState -o tsv 2>/dev/null || echo NotRegistered)
  if [ "$state" = "Registered" ]; then
    continue
  fi
  echo "Registering resource provider $namespace ..."
  if ! az provider register --namespace "$namespace" --wait --output none; then
    echo "Could not register $namespace. Someone with Contributor on the subscription must run:" >&2
    echo "  az provider register --namespace $namespace --wait" >&2
    exit 1
  fi
done

if [ -z "${AZURE_PRINCIPAL_TYPE:-}" ]; then
  case "$(az account show --query user.type -o tsv)" in
    servicePrincipal) azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal ;;
    *) azd env set AZURE_PRINCIPAL_TYPE User ;;
  esac
fi

if [ -z "$(azd env get-value PROVOPS_VAULT_SALT 2>/dev/null || true)" ]; then
  azd env set PROVOPS_VAULT_SALT "$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 6)"
fi
