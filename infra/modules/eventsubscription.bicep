// Event Grid subscription: BlobCreated in submissions/ -> the blobs extension webhook of the function app,
// which runs the Event Grid-sourced blob trigger of the function IngestSubmission.
// The webhook code is the host's system key `blobs_extension`, read with listKeys. That key exists only after
// the app code (with its blob trigger) is deployed, so this module is deployed on the second run
// (deployEventSubscription = true). The key never leaves the deployment: it is not an output.

@description('System topic name.')
param topicName string

@description('Function app name.')
param functionAppName string

@description('Storage account holding the dead-letter container.')
param storageAccountName string

@description('Blob container for events that could not be delivered.')
param deadLetterContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

// The function with the Event Grid-sourced blob trigger (BlobTrigger Source = EventGrid, Connection = CadreStorage).
var functionName = 'IngestSubmission'

// Uploads land in submissions/{county}/{period}/{file}.
var subjectPrefix = '/blobServices/default/containers/submissions/'

// Microsoft.Web/sites/host has no Bicep type, so the key is read with the generic listKeys function.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'ingest-submissions'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: subjectPrefix
      enableAdvancedFilteringOnArrays: true
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // Undelivered events are written by the topic's identity (no key, no SAS) for replay: docs/deploy.md.
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

@description('Event subscription name.')
output name string = subscription.name
