// The Function App on a Flex Consumption plan: Java 17, HTTPS only, TLS 1.2, FTP off, the
// user-assigned identity for everything, the settings from app-settings.json, and optionally App
// Service authentication (Entra ID) so the app roles can be required.
param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param insightsConnectionString string
param credentialsVaultUri string
param appVaultUri string
@description('Settings set as given (app-settings.json "static").')
param staticSettings object
@description('managedIdentity, or clientSecret with graphClientId and the secret graph-client-secret in the credentials vault.')
@allowed([ 'managedIdentity', 'clientSecret' ])
param graphAuth string = 'managedIdentity'
param graphClientId string = ''
param credentialsVaultName string
@description('Turn on App Service authentication with this Entra ID app registration (client id), and require the app roles; empty: function keys only.')
param authClientId string = ''
param maximumInstanceCount int = 40
param instanceMemoryMB int = 2048

var enableAuth = !empty(authClientId)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  // checkov:skip=CKV_AZURE_225: zone redundancy for Flex Consumption exists only in some regions; a plan in others would fail to deploy.
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var computedSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'KEY_VAULT_URL', value: credentialsVaultUri }
  { name: 'APP_KEY_VAULT_URL', value: appVaultUri }
  { name: 'PUBLIC_BASE_URL', value: 'https://${name}.azurewebsites.net' }
  { name: 'REQUIRE_APP_ROLES', value: string(enableAuth) }
  { name: 'GRAPH_AUTH', value: graphAuth }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
]

var staticList = [for s in items(staticSettings): { name: s.key, value: s.value }]

// The client secret is a Key Vault reference, resolved by the platform with the app's identity:
// the secret itself is never a setting.
var clientSecretList = [
  { name: 'GRAPH_TENANT_ID', value: subscription().tenantId }
  { name: 'GRAPH_CLIENT_ID', value: graphClientId }
  {
    name: 'GRAPH_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(VaultName=${credentialsVaultName};SecretName=graph-client-secret)'
  }
]
var clientSecretSettings = graphAuth == 'clientSecret' ? clientSecretList : []

resource app 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_17: client certificates do not fit a Power Platform connector, which calls with a function key or an Entra ID token.
  // checkov:skip=CKV_AZURE_56: App Service authentication is optional (parameter authClientId): the function key alone is a supported setup for the connector.
  // checkov:skip=CKV_AZURE_222: Power Automate calls the connector over the app's public endpoint; function keys and (optionally) Entra ID guard it.
  // checkov:skip=CKV_AZURE_212: Flex Consumption scales from zero on demand; failover instances are a cost choice (always-ready instances).
  // checkov:skip=CKV_AZURE_213: Flex Consumption takes no health check path; GET /api/health answers monitors and availability tests.
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(computedSettings, staticList, clientSecretSettings)
    }
  }
}

resource basicFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource basicScm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// Reads need Provisioning.Reader, changes Provisioning.Admin (REQUIRE_APP_ROLES); health, the
// anonymous definition and export links stay reachable without a sign-in.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (enableAuth) {
  // checkov:skip=CKV_AZURE_66: this resource is the app's authentication settings, not an app: the App Service checks apply to Microsoft.Web/sites above.
  // checkov:skip=CKV_AZURE_63: as above (an authentication settings resource, not an app).
  // checkov:skip=CKV_AZURE_222: as above (an authentication settings resource, not an app).
  // checkov:skip=CKV_AZURE_80: as above; the app runs Java 17, no .NET Framework.
  // checkov:skip=CKV_AZURE_13: this resource is what turns App Service authentication on.
  // checkov:skip=CKV_AZURE_88: as above (an authentication settings resource, not an app).
  // checkov:skip=CKV_AZURE_65: as above (an authentication settings resource, not an app).
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/api/health'
        '/api/swagger.json'
        '/api/openapi/v3.json'
        '/api/export/definition'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${subscription().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
          ]
        }
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
