using './main.bicep'

// Development: one city, cheap and disposable (no purge protection, LRS storage, small instance ceiling).
param environmentName = 'dev'
param isProduction = false
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param logDailyQuotaGb = 1
param powerBiSnapshotRetentionDays = 30
param completenessDeadline = '2023-03-31'
param recalculateSchedule = '0 */30 * * * *'

// The two switches of the two-step deployment (docs/deploy.md), read from the environment so that one parameters
// file serves every step:
//   CADRE_WRITE_ID_HASH_KEY=true          first deployment only (or a deliberate rotation): writes the ID-hash key
//   CADRE_DEPLOY_EVENT_SUBSCRIPTION=true  once the app code is published: creates the Event Grid subscription
param writeIdHashKey = bool(readEnvironmentVariable('CADRE_WRITE_ID_HASH_KEY', 'false'))
param deployEventSubscription = bool(readEnvironmentVariable('CADRE_DEPLOY_EVENT_SUBSCRIPTION', 'false'))

// The app registration of the sign-in (docs/deploy.md, "Sign-in"): its client id, from the environment.
param signInClientId = readEnvironmentVariable('CADRE_SIGNIN_CLIENT_ID', '')
