// Event Grid system topic on the storage account. The subscription that feeds the Event Grid-sourced blob
// trigger (function IngestSubmission) lives in eventsubscription.bicep, deployed in a second step once the
// app code is published (the blobs_extension system key exists only then).
// The topic has a managed identity that may write (only) to the dead-letter container: an upload whose event
// could not be delivered within the retry window is kept there instead of being lost.

@description('Azure region (the storage account\'s).')
param location string

@description('Tags for every resource.')
param tags object

@description('System topic name.')
param topicName string

@description('Storage account name (the topic source).')
param storageAccountName string

@description('Blob container for dead-lettered events.')
param deadLetterContainerName string

// Storage Blob Data Contributor (built-in role).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetter 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage::blobService::deadLetter
  name: guid(storage::blobService::deadLetter.id, topic.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('System topic name.')
output name string = topic.name
