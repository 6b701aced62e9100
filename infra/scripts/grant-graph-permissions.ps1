# Grants the app's managed identity the Microsoft Graph application roles listed in
# infra/graph-permissions.json, and nothing else (Windows; the same as grant-graph-permissions.sh).
# Idempotent. Needs only the Azure CLI, signed in as Privileged Role Administrator or Cloud
# Application Administrator (or Global Administrator).
#
#   infra/scripts/grant-graph-permissions.ps1 -PrincipalId <object id> [-DryRun] [-FromAzd]
#       [-UserClientId <app registration client id>]
#
# -UserClientId (for GRAPH_CHANGES_AS=user): as in the .sh, the federated credential and the
# admin-consented delegated permissions listed under "delegated".
#
# -FromAzd (the postprovision hook) never fails the deployment: without the admin role it prints
# the command an admin must run.
param(
  [Parameter(Mandatory = $true)][string]$PrincipalId,
  [switch]$DryRun,
  [switch]$FromAzd,
  [string]$UserClientId = ''
)
$ErrorActionPreference = 'Stop'

$roles = (Get-Content (Join-Path $PSScriptRoot '..' 'graph-permissions.json') -Raw | ConvertFrom-Json).roles.role
$graphAppId = '00000003-0000-0000-c000-000000000000'
$again = "infra/scripts/grant-graph-permissions.ps1 -PrincipalId $PrincipalId"

Write-Host "Granting Microsoft Graph application roles to ${PrincipalId}: $($roles -join ', ')"
Write-Host '(needs Privileged Role Administrator or Cloud Application Administrator)'

function NotGranted([string]$why) {
  Write-Warning "Not granted: $why"
  Write-Warning 'The app is deployed, but cannot call Graph until an admin with Privileged Role Administrator or Cloud Application Administrator runs:'
  Write-Warning "  $again"
  if ($FromAzd) { exit 0 } else { exit 1 }
}

$graphSp = az ad sp show --id $graphAppId --query id -o tsv
if ($LASTEXITCODE -ne 0) { NotGranted "could not read Microsoft Graph's service principal" }
$granted = az rest --method GET `
  --url "https://graph.microsoft.com/v1.0/servicePrincipals/$PrincipalId/appRoleAssignments" `
  --query "value[?resourceId=='$graphSp'].appRoleId" -o tsv
if ($LASTEXITCODE -ne 0) { NotGranted "could not read the identity's current grants" }

foreach ($role in $roles) {
  $roleId = az ad sp show --id $graphAppId --query "appRoles[?value=='$role' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv
  if (-not $roleId) { Write-Error "Microsoft Graph has no application role $role"; exit 1 }
  if ($granted -contains $roleId) {
    Write-Host "already granted: $role"
  } elseif ($DryRun) {
    Write-Host "would grant: $role"
  } else {
    $body = @{ principalId = $PrincipalId; resourceId = $graphSp; appRoleId = $roleId } | ConvertTo-Json -Compress
    $file = New-TemporaryFile
    Set-Content -Path $file -Value $body
    az rest --method POST `
      --url "https://graph.microsoft.com/v1.0/servicePrincipals/$PrincipalId/appRoleAssignments" `
      --headers 'Content-Type=application/json' --body "@$file" --output none
    Remove-Item $file
    if ($LASTEXITCODE -ne 0) { NotGranted "$role (your account may not grant application roles)" }
    Write-Host "granted: $role"
  }
}

if ($UserClientId) {
  $tenant = az account show --query tenantId -o tsv
  $known = az ad app federated-credential list --id $UserClientId --query "[?name=='provisioning-ops-identity'].name" -o tsv
  if ($known) {
    Write-Host "already trusted: the managed identity as a federated credential of $UserClientId"
  } elseif ($DryRun) {
    Write-Host "would trust: the managed identity as a federated credential of $UserClientId"
  } else {
    $fic = @{ name = 'provisioning-ops-identity'; issuer = "https://login.microsoftonline.com/$tenant/v2.0"; subject = $PrincipalId; audiences = @('api://AzureADTokenExchange') } | ConvertTo-Json -Compress
    az ad app federated-credential create --id $UserClientId --parameters $fic --output none
    if ($LASTEXITCODE -ne 0) { NotGranted "the federated credential on $UserClientId" }
    Write-Host "trusted: the managed identity as a federated credential of $UserClientId"
  }
  $delegated = (Get-Content (Join-Path $PSScriptRoot '..' 'graph-permissions.json') -Raw | ConvertFrom-Json).delegated.permission
  foreach ($permission in $delegated) {
    $scopeId = az ad sp show --id $graphAppId --query "oauth2PermissionScopes[?value=='$permission'].id | [0]" -o tsv
    if ($DryRun) { Write-Host "would add delegated: $permission"; continue }
    az ad app permission add --id $UserClientId --api $graphAppId --api-permissions "$scopeId=Scope" --output none
    if ($LASTEXITCODE -ne 0) { NotGranted "delegated $permission" }
    Write-Host "added delegated: $permission"
  }
  if (-not $DryRun) {
    az ad app permission admin-consent --id $UserClientId --output none
    if ($LASTEXITCODE -ne 0) { NotGranted "admin consent for $UserClientId" }
    Write-Host "consented: the delegated permissions of $UserClientId"
  }
}
