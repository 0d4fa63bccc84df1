// Event Grid system topic on the storage account. The subscription that feeds the Event Grid-sourced blob
// trigger (function IngestSubmission) lives in eventsubscription.bicep, deployed in a second step once the
// app code is published (the blobs_extension system key exists only then).

@description('Azure region (the storage account\'s).')
param location string

@description('Tags for every resource.')
param tags object

@description('System topic name.')
param topicName string

@description('Storage account name (the topic source).')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('System topic name.')
output name string = topic.name
