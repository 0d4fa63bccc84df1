// CadrePipeline: everything the pipeline needs in one resource group.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.dev.bicepparam -p writeIdHashKey=true
//   (publish the app)
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.dev.bicepparam -p deployEventSubscription=true
//
// See docs/deploy.md for the whole procedure, the security choices and the cost profile.
targetScope = 'resourceGroup'

@description('Environment name (2-8 lowercase letters or digits, e.g. dev, prod). Part of every resource name.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Production hardening: Key Vault purge protection and 90-day soft delete, zone-redundant storage, longer blob soft delete.')
param isProduction bool = false

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Object id of the analysts (an Entra group) who get read-only access to powerbi/ and the star-schema tables. Empty = none.')
param analystPrincipalId string = ''

@description('Principal type of analystPrincipalId.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param analystPrincipalType string = 'Group'

@description('Create the Event Grid subscription that drives the blob trigger. Needs the app code deployed first (second deployment).')
param deployEventSubscription bool = false

@description('Write the ID-hash key secret. True on the first deployment of an environment and when rotating; false otherwise (rotation changes every PersonKey).')
param writeIdHashKey bool = false

@description('The ID-hash key, base64 of at least 32 bytes. Default: random (two new GUIDs), used only when writeIdHashKey is true.')
@secure()
@minLength(44)
param idHashKey string = base64('${newGuid()}${newGuid()}')

@description('NCRONTAB schedule of the recalculation timer (RecalculateSchedule).')
param recalculateSchedule string = '0 */30 * * * *'

@description('Submission deadline for the completeness table (yyyy-MM-dd). Empty = setting left out.')
param completenessDeadline string = ''

@description('Client id of the Entra ID app registration the page signs in with and the API\'s tokens are issued for (docs/deploy.md, "Sign-in"). Empty: the app refuses to start.')
param signInClientId string = ''

@description('Entra ID tenant of the sign-in (default: the deployment\'s tenant).')
param signInTenantId string = tenant().tenantId

@description('Entra group object id → area code (GB/T 2260), for users whose area comes from a group rather than an "area" claim.')
param signInGroupAreas object = {}

@description('Upper bound of Flex Consumption instances: the cost ceiling under a burst of uploads.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Memory per Flex Consumption instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Daily Log Analytics ingestion cap in GB (-1 = none).')
param logDailyQuotaGb int = 1

@description('Days a Power BI snapshot (powerbi/snapshots/) is kept.')
@minValue(1)
param powerBiSnapshotRetentionDays int = 90

var suffix = uniqueString(resourceGroup().id, environmentName)
var envToken = toLower(environmentName)

// Storage account names allow only lowercase letters and digits.
var storageToken = replace(replace(envToken, '-', ''), '_', '')

var names = {
  storage: take('stcadre${storageToken}${suffix}', 24)
  keyVault: take('kv-cadre-${envToken}-${suffix}', 24)
  cosmos: 'cosmos-cadre-${envToken}-${suffix}'
  plan: 'plan-cadre-${envToken}-${suffix}'
  functionApp: 'func-cadre-${envToken}-${suffix}'
  workspace: 'log-cadre-${envToken}-${suffix}'
  appInsights: 'appi-cadre-${envToken}-${suffix}'
  eventGridTopic: 'evgt-cadre-${envToken}-${suffix}'
}

var tags = {
  project: 'CadrePipeline'
  environment: envToken
  'azd-env-name': environmentName
}

var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'eventgrid-deadletter'
var cosmosDatabaseName = 'cadre'
var idHashSecretName = 'IdHashKey'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: isProduction ? 90 : 30
    dailyQuotaGb: logDailyQuotaGb
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    skuName: isProduction ? 'Standard_ZRS' : 'Standard_LRS'
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
    softDeleteDays: isProduction ? 30 : 7
    snapshotRetentionDays: powerBiSnapshotRetentionDays
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    accountName: names.cosmos
    databaseName: cosmosDatabaseName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    enablePurgeProtection: isProduction
    softDeleteRetentionInDays: isProduction ? 90 : 7
    idHashSecretName: idHashSecretName
    writeIdHashKey: writeIdHashKey
    idHashKey: idHashKey
  }
}

// Sign-in (docs/deploy.md, "Sign-in"): one Entra ID app registration, with the app roles of docs/security.md, serves
// the page (SPA, authorization code + PKCE) and the API (v2 access tokens: aud = its client id).
var signInAuthority = '${environment().authentication.loginEndpoint}${signInTenantId}/v2.0'

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: names.plan
    functionAppName: names.functionApp
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    idHashSecretUri: keyVault.outputs.idHashSecretUri
    appInsightsConnectionString: monitoring.outputs.connectionString
    recalculateSchedule: recalculateSchedule
    completenessDeadline: completenessDeadline
    signInAuthority: signInAuthority
    signInAudience: signInClientId
    signInClientId: signInClientId
    signInScope: 'openid profile api://${signInClientId}/cadre.api'
    signInGroupAreas: signInGroupAreas
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    appPrincipalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.name
    vaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    tableNames: storage.outputs.tableNames
    analystPrincipalId: analystPrincipalId
    analystPrincipalType: analystPrincipalType
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    location: location
    tags: tags
    topicName: names.eventGridTopic
    storageAccountName: storage.outputs.name
    deadLetterContainerName: deadLetterContainerName
  }
}

// Second step only: needs the blobs_extension system key, which exists once the app code is deployed.
module eventSubscription 'modules/eventsubscription.bicep' = if (deployEventSubscription) {
  name: 'eventsubscription'
  params: {
    topicName: eventGrid.outputs.name
    functionAppName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
    deadLetterContainerName: deadLetterContainerName
  }
}

@description('The function app\'s base URL.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('The function app\'s name (for func / az functionapp deploy).')
output functionAppName string = functionApp.outputs.name

@description('The storage account name (uploads go to its submissions container).')
output storageAccountName string = storage.outputs.name

@description('The Cosmos DB endpoint.')
output cosmosEndpoint string = cosmos.outputs.endpoint

@description('The Key Vault name (holds the ID-hash key).')
output keyVaultName string = keyVault.outputs.name

@description('The Application Insights component name.')
output appInsightsName string = monitoring.outputs.appInsightsName
