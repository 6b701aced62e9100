#!/usr/bin/env sh
# azd postdown hook: `azd down` deleted the resource group; both Key Vaults are now soft-deleted
# and, with purge protection, keep their names for 90 days. A new salt gives the next `azd up`
# new vault names instead of failing with "vault exists in deleted state".
set -eu
old=$(azd env get-value PROVOPS_VAULT_SALT 2>/dev/null || true)
azd env set PROVOPS_VAULT_SALT "$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 6)"
echo "The Key Vaults are soft-deleted, recoverable for 90 days (their secrets with them):"
echo "  az keyvault list-deleted --query \"[?ends_with(name, '$old')].name\" -o tsv"
echo "  az keyvault recover --name <vault name>"
echo "The next azd up creates vaults with new names."
