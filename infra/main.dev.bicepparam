using './main.bicep'

// Development: one city, cheap and disposable (no purge protection, LRS storage, small instance ceiling).
// First deployment: add  -p writeIdHashKey=true  (see docs/deploy.md).
param environmentName = 'dev'
param isProduction = false
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param logDailyQuotaGb = 1
param powerBiSnapshotRetentionDays = 30
param completenessDeadline = '2023-03-31'
param recalculateSchedule = '0 */30 * * * *'
