// The Function App on a Flex Consumption plan: Java 17, HTTPS only, FTP and basic publishing off,
// the user-assigned identity for everything, the settings from app-settings.json, and optionally
// App Service authentication (Entra ID) so the app roles can be required. Flex Consumption takes
// no ftpsState and keeps TLS 1.2 as its minimum; siteConfig is left to the platform.
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
@description('app, or user: changes to Graph on behalf of the signed-in user, exchanged as the authClientId registration.')
@allowed([ 'app', 'user' ])
param changesAs string = 'app'
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

// The client secret is a Key Vault reference, resolved by the platform with the app's identity:
// the secret itself is never a setting.
var clientSecretSettings = graphAuth == 'clientSecret' ? {
  GRAPH_TENANT_ID: subscription().tenantId
  GRAPH_CLIENT_ID: graphClientId
  GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${credentialsVaultName};SecretName=graph-client-secret)'
} : {}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_17: client certificates do not fit a Power Platform connector, which calls with a function key or an Entra ID token.
  // checkov:skip=CKV_AZURE_56: App Service authentication is optional (parameter authClientId): the function key alone is a supported setup for the connector.
  // checkov:skip=CKV_AZURE_222: Power Automate calls the connector over the app's public endpoint; function keys and (optionally) Entra ID guard it.
  // checkov:skip=CKV_AZURE_212: Flex Consumption scales from zero on demand; failover instances are a cost choice (always-ready instances).
  // checkov:skip=CKV_AZURE_213: Flex Consumption takes no health check path; GET /api/health answers monitors and availability tests.
  // checkov:skip=CKV_AZURE_15: Flex Consumption keeps TLS 1.2 as its minimum and refuses most siteConfig settings; Microsoft's Flex templates set none.
  // checkov:skip=CKV_AZURE_78: FTP is off through basicPublishingCredentialsPolicies below; Flex Consumption refuses siteConfig.ftpsState (ARM error 51021).
  // checkov:skip=CKV_AZURE_18: Flex Consumption manages the front end's HTTP versions; Microsoft's Flex templates set no siteConfig.
  // checkov:skip=CKV_AZURE_67: Flex Consumption manages the front end's HTTP versions; Microsoft's Flex templates set no siteConfig.
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
  }
}

// Settings as their own resource, as Microsoft's Flex Consumption templates set them: the site's
// siteConfig takes few properties on Flex (ftpsState, for one, is refused), and the public URL is
// the host name Azure gave the site, which may be a regional one, not <name>.azurewebsites.net.
var computedSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AZURE_CLIENT_ID: identityClientId
  KEY_VAULT_URL: credentialsVaultUri
  APP_KEY_VAULT_URL: appVaultUri
  PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'
  REQUIRE_APP_ROLES: string(enableAuth)
  GRAPH_AUTH: graphAuth
  GRAPH_CHANGES_AS: changesAs
  // The users' tokens are for the registration App Service authentication validates them against.
  GRAPH_USER_CLIENT_ID: changesAs == 'user' ? authClientId : ''
  GRAPH_USER_TENANT_ID: tenant().tenantId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  // checkov:skip=CKV_AZURE_63: this resource is the app's settings, not an app: the App Service checks apply to Microsoft.Web/sites above.
  // checkov:skip=CKV_AZURE_222: as above (a settings resource, not an app).
  // checkov:skip=CKV_AZURE_80: as above; the app runs Java 17, no .NET Framework.
  // checkov:skip=CKV_AZURE_13: as above; authentication is the authsettingsV2 resource, optional (parameter authClientId).
  // checkov:skip=CKV_AZURE_88: as above (a settings resource, not an app).
  // checkov:skip=CKV_AZURE_65: as above (a settings resource, not an app).
  // checkov:skip=CKV_AZURE_66: as above (a settings resource, not an app); Flex Consumption has no failed request tracing.
  // checkov:skip=CKV_AZURE_225: as above; the plan's zone redundancy is skipped on the plan itself.
  parent: app
  name: 'appsettings'
  properties: union(staticSettings, computedSettings, clientSecretSettings)
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
// anonymous definition, export links and subscriptions stay reachable without a sign-in: Power
// Automate deletes a subscription through its Location with no token (the app checks the
// Location's own signature, and the other subscription routes still need a key and a role).
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
        '/api/alerts/subscriptions'
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
output publicBaseUrl string = 'https://${app.properties.defaultHostName}'
