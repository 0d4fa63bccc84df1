namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/storage.bicep: one Entra-only account with the app's containers and the star-schema tables.</summary>
[Collection(InfraCollection.Name)]
public sealed class StorageTests(InfraFixture infra)
{
    [Fact]
    public void Account_Security_SharedKeyOffTls12NoPublicBlobsHttpsOnly()
    {
        var p = infra.Dev.Single(TemplateRules.StorageType)["properties"]!;
        Assert.False((bool)p["allowSharedKeyAccess"]!);
        Assert.False((bool)p["allowBlobPublicAccess"]!);
        Assert.True((bool)p["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)p["minimumTlsVersion"]);
        Assert.Empty(TemplateRules.StorageIsEntraOnly(infra.Prod.Resources));
    }

    [Theory]
    [InlineData("dev", "Standard_LRS")]
    [InlineData("prod", "Standard_ZRS")]
    public void Account_Sku_FollowsEnvironment(string environment, string sku)
    {
        var snapshot = environment == "prod" ? infra.Prod : infra.Dev;
        Assert.Equal(sku, (string?)snapshot.Single(TemplateRules.StorageType)["sku"]!["name"]);
    }

    [Fact]
    public void Containers_Names_AreTheAppsPlusDeploymentAndDeadLetter()
    {
        var names = infra.Dev.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => ((string)c["name"]!).Split('/')[^1])
            .Order(StringComparer.Ordinal);
        Assert.Equal(["app-package", "curated", "eventgrid-deadletter", "powerbi", "reports", "submissions"], names);
    }

    [Fact]
    public void Containers_PublicAccess_IsNone()
    {
        var containers = infra.Dev.OfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal(6, containers.Count); // submissions, reports, curated, powerbi, app-package, eventgrid-deadletter
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Tables_Names_AreTheStarSchema()
    {
        var names = infra.Dev.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(t => ((string)t["name"]!).Split('/')[^1])
            .Order(StringComparer.Ordinal);
        Assert.Equal(["DimArea", "DimIndicator", "DimPeriod", "FactCompleteness", "FactIndicatorValue", "FactSubmission"], names);
    }

    [Fact]
    public void Lifecycle_PowerBiSnapshots_ExpireAfterTheConfiguredDays()
    {
        var rule = infra.Prod.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties"]!["policy"]!["rules"]![0]!;
        Assert.Equal("powerbi/snapshots/", (string?)rule["definition"]!["filters"]!["prefixMatch"]![0]);
        Assert.Equal(365, (int)rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!);
    }
}
