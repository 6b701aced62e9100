// The app's user-assigned managed identity: Graph, storage, Key Vault and telemetry all sign in
// with it, so one principal holds every grant and nothing holds a secret.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
