// Key Vault (RBAC authorization, soft delete, purge protection in prod) holding the ID-hash key.
// The key turns an ID number into the PersonKey (a keyed hash). Changing it changes every PersonKey, so the
// secret is written only when writeIdHashKey is true: on the first deployment of an environment and on a
// deliberate rotation (docs/deploy.md, "Rotating the ID-hash key"). An ordinary redeploy leaves it alone.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Purge protection: true in prod (it cannot be turned off again); dev leaves it off so the vault can be purged.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret stays recoverable (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Name of the secret holding the ID-hash key.')
param idHashSecretName string

@description('Write the ID-hash key secret in this deployment.')
param writeIdHashKey bool

@description('The ID-hash key (base64 of at least 32 bytes).')
@secure()
@minLength(44)
param idHashKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service rejects an explicit false: leave the property out unless it is turned on.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource idHashSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (writeIdHashKey) {
  parent: vault
  name: idHashSecretName
  properties: {
    value: idHashKey
    contentType: 'base64; HMAC key of the ID-number hash (PersonKey). Rotating it changes every PersonKey.'
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Versionless URI of the ID-hash secret, for the Key Vault reference app setting.')
output idHashSecretUri string = '${vault.properties.vaultUri}secrets/${idHashSecretName}/'
