// The storage account shared by the Functions host (AzureWebJobsStorage), the Flex deployment package and the
// pipeline (CadreStorage): blob containers, the star-schema tables and the queue service.
// Shared-key access is off: every caller uses Entra ID (managed identity, az login, Power BI organisational account).

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Replication: Standard_LRS for dev, Standard_ZRS for prod.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Blob container where Event Grid dead-letters events it could not deliver.')
param deadLetterContainerName string

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteDays int

@description('Days a Power BI snapshot under powerbi/snapshots/ is kept before the lifecycle policy deletes it.')
@minValue(1)
param snapshotRetentionDays int

// The containers the app uses (see docs/deploy.md): uploads, validation reports, normalized rows and
// Power BI files. (The recalculation lock is a Cosmos document, not a blob lease.)
var appContainers = [
  'submissions'
  'reports'
  'curated'
  'powerbi'
]

// The Power BI star schema (docs: shared/domain/output.md).
var tableNames = [
  'DimArea'
  'DimIndicator'
  'DimPeriod'
  'FactIndicatorValue'
  'FactSubmission'
  'FactCompleteness'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for name in concat(appContainers, [deploymentContainerName, deadLetterContainerName]): {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

// Old Power BI snapshots are deleted; powerbi/latest/ and every other container are kept.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-powerbi-snapshots'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'powerbi/snapshots/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: snapshotRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Storage account name.')
output name string = storage.name

@description('Storage account resource id.')
output id string = storage.id

@description('Blob endpoint, e.g. https://acct.blob.core.windows.net/.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('The star-schema table names.')
output tableNames array = tableNames
