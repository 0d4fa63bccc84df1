namespace CadrePipeline.Infra.Tests;

/// <summary>
/// The rules hold for the real templates, and each rule fails on a copy of the templates broken in exactly the
/// way it guards against: proof that the rule (and so the tests built on it) can fail.
/// </summary>
public sealed class TemplateRulesTests
{
    public static TheoryData<string, string, string, string> Breaks => new()
    {
        { "StorageIsEntraOnly", "modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true" },
        { "StorageIsEntraOnly", "modules/storage.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'" },
        { "StorageIsEntraOnly", "modules/storage.bicep", "allowBlobPublicAccess: false", "allowBlobPublicAccess: true" },
        { "CosmosIsServerlessAndEntraOnly", "modules/cosmos.bicep", "disableLocalAuth: true", "disableLocalAuth: false" },
        { "CosmosIsServerlessAndEntraOnly", "modules/cosmos.bicep", "name: 'EnableServerless'", "name: 'EnableTable'" },
        { "CosmosContainersArePartitionedOnPk", "modules/cosmos.bicep", "'/pk'", "'/id'" },
        { "KeyVaultUsesRbac", "modules/keyvault.bicep", "enableRbacAuthorization: true", "enableRbacAuthorization: false" },
        {
            "AppSettingsHoldNoSecrets", "modules/functionapp.bicep",
            "name: 'AzureWebJobsStorage__accountName'\n    value: storageAccountName",
            "name: 'AzureWebJobsStorage'\n    value: 'DefaultEndpointsProtocol=https;AccountName=${storageAccountName};AccountKey=abc=='"
        },
        {
            "AppSettingsHoldNoSecrets", "modules/functionapp.bicep",
            "name: 'CadreStorage__blobServiceUri'\n    value: blobEndpoint",
            "name: 'CadreStorage__blobServiceUri'\n    value: listKeys(resourceId('Microsoft.Storage/storageAccounts', storageAccountName), '2023-05-01').keys[0].value"
        },
        { "EventSubscriptionFeedsIngestion", "modules/eventsubscription.bicep", "containers/submissions/", "containers/reports/" },
        { "EventSubscriptionFeedsIngestion", "modules/eventsubscription.bicep", "var functionName = 'IngestSubmission'", "var functionName = 'Recalculate'" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Rule_BrokenTemplate_ReportsViolation(string rule, string file, string find, string replacement)
    {
        using var workspace = InfraWorkspace.Create();
        workspace.WriteFile("full.bicepparam", InfraFixture.FullParameters);
        workspace.Replace(file, find, replacement);
        var broken = await workspace.SnapshotAsync("full.bicepparam");

        Assert.NotEmpty(Check(rule, broken));
    }

    internal static IReadOnlyList<string> Check(string rule, Snapshot snapshot) => rule switch
    {
        "StorageIsEntraOnly" => TemplateRules.StorageIsEntraOnly(snapshot.Resources),
        "CosmosIsServerlessAndEntraOnly" => TemplateRules.CosmosIsServerlessAndEntraOnly(snapshot.Resources),
        "CosmosContainersArePartitionedOnPk" => TemplateRules.CosmosContainersArePartitionedOnPk(snapshot.Resources),
        "KeyVaultUsesRbac" => TemplateRules.KeyVaultUsesRbac(snapshot.Resources),
        "AppSettingsHoldNoSecrets" => TemplateRules.AppSettingsHoldNoSecrets(snapshot.Resources),
        "EventSubscriptionFeedsIngestion" => TemplateRules.EventSubscriptionFeedsIngestion(snapshot.Resources),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown rule"),
    };
}
