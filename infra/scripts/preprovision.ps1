# azd preprovision hook (Windows): the same checks as preprovision.sh.
# Registers the resource providers the template uses, sets AZURE_PRINCIPAL_TYPE and, once per
# environment, PROVOPS_VAULT_SALT. Needs only the Azure CLI, signed in (az login), and azd.
$ErrorActionPreference = 'Stop'

$providers = @(
  'Microsoft.App', 'Microsoft.Web', 'Microsoft.Storage', 'Microsoft.KeyVault',
  'Microsoft.OperationalInsights', 'Microsoft.Insights', 'Microsoft.ManagedIdentity'
)

az account show --output none 2>$null
if ($LASTEXITCODE -ne 0) {
  Write-Error 'Sign in to the Azure CLI first: az login'
  exit 1
}

foreach ($namespace in $providers) {
  $state = az provider show --namespace $namespace --query registrationState -o tsv 2>$null
  if ($state -eq 'Registered') { continue }
  Write-Host "Registering resource provider $namespace ..."
  az provider register --namespace $namespace --wait --output none
  if ($LASTEXITCODE -ne 0) {
    Write-Error "Could not register $namespace. Someone with Contributor on the subscription must run: az provider register --namespace $namespace --wait"
    exit 1
  }
}

if (-not $env:AZURE_PRINCIPAL_TYPE) {
  $type = az account show --query user.type -o tsv
  if ($type -eq 'servicePrincipal') { azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal }
  else { azd env set AZURE_PRINCIPAL_TYPE User }
}

$salt = azd env get-value PROVOPS_VAULT_SALT 2>$null
if ($LASTEXITCODE -ne 0 -or -not $salt) {
  $chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.ToCharArray()
  $salt = -join (1..6 | ForEach-Object { $chars | Get-Random })
  azd env set PROVOPS_VAULT_SALT $salt
}
