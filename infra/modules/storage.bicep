// The storage account of the Functions host and the app: identity-only access (shared keys off),
// HTTPS and TLS 1.2, no public blobs; the deployment container, the app's tables and queues.
param name string
param location string
param tags object
@description('Table names the app uses.')
param tables array
@description('Queue names the app uses (their -poison queues too).')
param queues array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_35: Flex Consumption without a virtual network reaches storage over its public endpoint; access needs an Entra ID token (shared keys are off). Put both in a VNet with private endpoints to deny by default.
  // checkov:skip=CKV_AZURE_59: as above: public network access stays on for the Flex Consumption host; keys are disabled, so only the app's identity can read or write.
  // checkov:skip=CKV_AZURE_33: queue logging is a classic diagnostic setting; the app logs every queue function to Application Insights.
  // checkov:skip=CKV2_AZURE_33: private endpoints need a virtual network, which this template leaves to the admin.
  // checkov:skip=CKV2_AZURE_1: customer-managed keys are a policy choice; Microsoft-managed keys encrypt at rest.
  // checkov:skip=CKV2_AZURE_38: soft delete for blobs protects only the deployment package, which every deploy writes again.
  // checkov:skip=CKV2_AZURE_40: shared key authorization is disabled (allowSharedKeyAccess: false); checkov does not read the property in Bicep.
  // checkov:skip=CKV2_AZURE_41: no SAS is issued: shared keys are disabled.
  // checkov:skip=CKV2_AZURE_47: blob public access is disabled (allowBlobPublicAccess: false).
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_GRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'deploymentpackage'
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainer string = deployment.name
