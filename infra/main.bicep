// Provisioning Ops in one resource group: identity, monitoring, storage, two Key Vaults, the
// Function App, and role assignments scoped to each resource. `azd up` provisions it with
// main.parameters.json; settings come from app-settings.json, the one list code and docs share.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('The azd environment name; names the resource group and the resources.')
param environmentName string

@minLength(1)
@description('Azure region of every resource: one where Flex Consumption runs (az functionapp list-flexconsumption-locations).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Entra ID app registration (client id) for App Service authentication; empty keeps function keys only.')
param authClientId string = ''

@description('Who changes to Graph are made as: app (the managed identity) or user (the signed-in user, on behalf of; needs authClientId, whose registration trusts the managed identity as a federated credential).')
@allowed([ 'app', 'user' ])
param changesAs string = 'app'

@description('How the app signs in to Microsoft Graph: managedIdentity (recommended) or clientSecret.')
@allowed([ 'managedIdentity', 'clientSecret' ])
param graphAuth string = 'managedIdentity'

@description('With graphAuth clientSecret: the app registration whose secret is graph-client-secret in the credentials vault.')
param graphClientId string = ''

@description('Object id of the admin who deploys (azd sets it): may write provisioning credentials into the credentials vault.')
param principalId string = ''

@description('What principalId is (azd sets it): a user at a desk, or a service principal in a pipeline.')
@allowed([ 'User', 'ServicePrincipal', 'Group' ])
param principalType string = 'User'

@description('Makes the vault names new: Key Vault names stay taken for 90 days after a delete (purge protection), so the preprovision hook sets a salt once and the postdown hook changes it.')
@maxLength(6)
param vaultSalt string = ''

var settings = loadJsonContent('app-settings.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'provisioning-ops' }
var tables = [ 'checkpoints', 'setups', 'jobs', 'alerts', 'joblogs', 'subscriptions', 'uploads', 'credentialrefs' ]
var queues = [
  'setups'
  'setups-poison'
  'poll-partitions'
  'poll-partitions-poison'
  'deliveries'
  'deliveries-poison'
]

resource group 'Microsoft.Resources/resourceGroups@2024-07-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: group
  params: {
    name: 'id-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    namePrefix: 'provops-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    tables: tables
    queues: queues
  }
}

module credentialsVault 'modules/keyvault.bicep' = {
  name: 'credentials-vault'
  scope: group
  params: {
    name: 'kvc-${token}${toLower(vaultSalt)}'
    location: location
    tags: tags
  }
}

module appVault 'modules/keyvault.bicep' = {
  name: 'app-vault'
  scope: group
  params: {
    name: 'kva-${token}${toLower(vaultSalt)}'
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: group
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    credentialsVaultName: credentialsVault.outputs.name
    appVaultName: appVault.outputs.name
    insightsName: monitoring.outputs.insightsName
    adminPrincipalId: principalId
    adminPrincipalType: principalType
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'function-app'
  scope: group
  params: {
    name: 'func-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${storage.outputs.deploymentContainer}'
    insightsConnectionString: monitoring.outputs.connectionString
    credentialsVaultUri: credentialsVault.outputs.uri
    credentialsVaultName: credentialsVault.outputs.name
    appVaultUri: appVault.outputs.uri
    staticSettings: settings.static
    authClientId: authClientId
    changesAs: changesAs
    graphAuth: graphAuth
    graphClientId: graphClientId
  }
  dependsOn: [ roles ]
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output PUBLIC_BASE_URL string = functionApp.outputs.publicBaseUrl
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output CREDENTIALS_VAULT_NAME string = credentialsVault.outputs.name
output APP_VAULT_NAME string = appVault.outputs.name
