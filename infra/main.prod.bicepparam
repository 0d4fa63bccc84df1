using './main.bicep'

// Production: purge-protected Key Vault, zone-redundant storage, longer retention.
// First deployment: add  -p writeIdHashKey=true  (see docs/deploy.md).
// Set the analysts' Entra group object id (read-only access to powerbi/ and the star-schema tables).
param environmentName = 'prod'
param isProduction = true
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logDailyQuotaGb = 5
param powerBiSnapshotRetentionDays = 365
param completenessDeadline = '2023-03-31'
param recalculateSchedule = '0 */30 * * * *'
param analystPrincipalId = readEnvironmentVariable('CADRE_ANALYST_PRINCIPAL_ID', '')
param analystPrincipalType = 'Group'
