// Role assignments: what the app's managed identity may do, and the read-only access of the analysts.
// Names are guid(scope, principal, role) so a redeploy finds the same assignment.

@description('Object id of the function app\'s system-assigned identity.')
param appPrincipalId string

@description('Storage account name.')
param storageAccountName string

@description('Cosmos DB account name.')
param cosmosAccountName string

@description('Key Vault name.')
param vaultName string

@description('Application Insights component name.')
param appInsightsName string

@description('The star-schema table names the analysts may read.')
param tableNames array

@description('Object id of the analysts (an Entra group, ideally). Empty = no analyst assignments.')
param analystPrincipalId string

@description('Principal type of analystPrincipalId.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param analystPrincipalType string

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Cosmos DB built-in data-plane role "Cosmos DB Built-in Data Contributor".
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

var appStorageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var withAnalyst = !empty(analystPrincipalId)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource powerbi 'containers' existing = {
      name: 'powerbi'
    }
  }

  resource tableService 'tableServices' existing = {
    name: 'default'
  }
}

resource starTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = [
  for name in tableNames: {
    parent: storage::tableService
    name: name
  }
]

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// --- the app's identity ---

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appStorageRoles: {
    scope: storage
    name: guid(storage.id, appPrincipalId, roleId)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appCosmos 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, appPrincipalId, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: appPrincipalId
    scope: cosmos.id
  }
}

resource appVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// --- the analysts: read the Power BI files and the star-schema tables, nothing else ---

resource analystPowerBi 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (withAnalyst) {
  scope: storage::blobService::powerbi
  name: guid(storage::blobService::powerbi.id, analystPrincipalId, roles.storageBlobDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: analystPrincipalId
    principalType: analystPrincipalType
  }
}

resource analystTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in tableNames: if (withAnalyst) {
    scope: starTables[i]
    name: guid(starTables[i].id, analystPrincipalId, roles.storageTableDataReader)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataReader)
      principalId: analystPrincipalId
      principalType: analystPrincipalType
    }
  }
]
