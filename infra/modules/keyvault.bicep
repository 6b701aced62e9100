// One Key Vault in RBAC mode with soft delete and purge protection. DESIGN.md's two vaults are
// two instances: credentials (the app only reads) and the app's own (it reads and writes).
param name string
param location string
param tags object
@description('Days a deleted secret can be recovered.')
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // checkov:skip=CKV_AZURE_109: the Flex Consumption host without a virtual network reaches the vault over its public endpoint; every call needs an Entra ID token and an RBAC role. Add a firewall with private endpoints to restrict the network too.
  // checkov:skip=CKV_AZURE_189: as above: public network access stays on for the host; RBAC decides who reads.
  // checkov:skip=CKV2_AZURE_32: private endpoints need a virtual network, which this template leaves to the admin.
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
