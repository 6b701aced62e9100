# azd postdown hook (Windows): the same as postdown.sh. A new PROVOPS_VAULT_SALT gives the next
# azd up new vault names; the old vaults stay soft-deleted and recoverable for 90 days.
$ErrorActionPreference = 'Stop'
$old = azd env get-value PROVOPS_VAULT_SALT 2>$null
$chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.ToCharArray()
azd env set PROVOPS_VAULT_SALT (-join (1..6 | ForEach-Object { $chars | Get-Random }))
Write-Host 'The Key Vaults are soft-deleted, recoverable for 90 days (their secrets with them):'
Write-Host "  az keyvault list-deleted --query `"[?ends_with(name, '$old')].name`" -o tsv"
Write-Host '  az keyvault recover --name <vault name>'
Write-Host 'The next azd up creates vaults with new names.'
