// The Functions app: Flex Consumption plan (FC1), Linux, .NET isolated 10.0, system-assigned managed identity.
// Every connection in the app settings is identity-based: no account key, SAS or connection string.
// Application Insights takes its connection string (endpoint + instrumentation key, not a secret) and
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING = Authorization=AAD, because the component has local auth disabled.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function app name (also the default host name prefix).')
param functionAppName string

@description('Storage account used by the host, the deployment package and the pipeline.')
param storageAccountName string

@description('Blob endpoint of the storage account (with trailing slash).')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Cosmos DB document endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Versionless URI of the ID-hash key secret in Key Vault.')
param idHashSecretUri string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('NCRONTAB schedule of the recalculation timer.')
param recalculateSchedule string

@description('Sign-in issuer: the Entra ID tenant\'s v2.0 authority (docs/deploy.md, "Sign-in").')
param signInAuthority string

@description('Audience of the API\'s access tokens: the app registration\'s client id (v2 tokens).')
param signInAudience string

@description('Client id the page signs in with (the same app registration).')
param signInClientId string

@description('Scopes the page asks for.')
param signInScope string

@description('Entra group object id → area code, for users whose area comes from a group (docs/security.md).')
param signInGroupAreas object

@description('Completeness deadline (yyyy-MM-dd); empty = the setting is left out.')
param completenessDeadline string

@description('Upper bound of Flex instances (cost ceiling).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per Flex instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var baseSettings = [
  // Host storage (triggers' bookkeeping, blob receipts, poison queue): identity-based.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  // The pipeline's storage; the blob trigger's Connection is "CadreStorage".
  {
    name: 'CadreStorage__blobServiceUri'
    value: blobEndpoint
  }
  {
    name: 'CadreStorage__queueServiceUri'
    value: queueEndpoint
  }
  {
    name: 'CadreStorage__tableServiceUri'
    value: tableEndpoint
  }
  {
    name: 'Cosmos__AccountEndpoint'
    value: cosmosEndpoint
  }
  {
    name: 'Cosmos__Database'
    value: cosmosDatabaseName
  }
  // The template creates the database and containers; the app must not (its identity has data-plane rights only).
  {
    name: 'Cosmos__CreateIfNotExists'
    value: 'false'
  }
  {
    name: 'IdHash__Key'
    value: '@Microsoft.KeyVault(SecretUri=${idHashSecretUri})'
  }
  {
    name: 'RecalculateSchedule'
    value: recalculateSchedule
  }
  // Sign-in: bearer tokens from the Entra ID tenant, validated through its discovery document and JWKS.
  {
    name: 'SignIn__Authority'
    value: signInAuthority
  }
  {
    name: 'SignIn__Audience'
    value: signInAudience
  }
  {
    name: 'SignIn__ClientId'
    value: signInClientId
  }
  {
    name: 'SignIn__Scope'
    value: signInScope
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
]

// Settings written by the template are the whole set (a deployment removes any other), so the group map lives here.
var groupAreaSettings = [
  for item in items(signInGroupAreas): {
    name: 'SignIn__GroupAreas__${item.key}'
    value: item.value
  }
]

var deadlineSetting = empty(completenessDeadline)
  ? []
  : [
      {
        name: 'Completeness__Deadline'
        value: completenessDeadline
      }
    ]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(baseSettings, groupAreaSettings, deadlineSetting)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// No FTP or SCM basic-auth publishing: deployments authenticate with Entra ID.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function app name.')
output name string = app.name

@description('Object id of the app\'s system-assigned identity.')
output principalId string = app.identity.principalId

@description('Default host name, e.g. func-cadre-dev-xxxx.azurewebsites.net.')
output defaultHostName string = app.properties.defaultHostName
