namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/functionapp.bicep: Flex Consumption, .NET isolated 10.0, managed identity, identity-based settings.</summary>
[Collection(InfraCollection.Name)]
public sealed class FunctionAppTests(InfraFixture infra)
{
    [Fact]
    public void Plan_Sku_IsFlexConsumptionOnLinux()
    {
        var plan = infra.Dev.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
    }

    [Fact]
    public void Site_FunctionAppConfig_RunsDotnetIsolated10FromDeploymentContainer()
    {
        var site = infra.Dev.Single(TemplateRules.SiteType);
        var config = site["properties"]!["functionAppConfig"]!;
        var storage = infra.Dev.Single(TemplateRules.StorageType);

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal(10, (int)config["scaleAndConcurrency"]!["maximumInstanceCount"]!);
        Assert.Equal(2048, (int)config["scaleAndConcurrency"]!["instanceMemoryMB"]!);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal(
            $"[format('{{0}}{{1}}', reference('{(string?)storage["id"]}', '2023-05-01').primaryEndpoints.blob, 'app-package')]",
            (string?)config["deployment"]!["storage"]!["value"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    [Fact]
    public void Site_Identity_IsSystemAssignedAndHttpsOnly()
    {
        var site = infra.Dev.Single(TemplateRules.SiteType);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site["properties"]!["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)site["properties"]!["siteConfig"]!["ftpsState"]);
    }

    [Fact]
    public void Site_BasicPublishingCredentials_AreDisabled()
    {
        var policies = infra.Dev.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void AppSettings_Names_AreExactlyTheOnesTheAppReads()
    {
        var names = TemplateRules.AppSettings(infra.Dev.Single(TemplateRules.SiteType)).Select(s => s.Name).Order(StringComparer.Ordinal);
        string[] expected =
        [
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "AzureWebJobsStorage__accountName",
            "CadreStorage__blobServiceUri",
            "CadreStorage__queueServiceUri",
            "CadreStorage__tableServiceUri",
            "Completeness__Deadline",
            "Cosmos__AccountEndpoint",
            "Cosmos__CreateIfNotExists",
            "Cosmos__Database",
            "IdHash__Key",
            "RecalculateSchedule",
            "SignIn__Audience",
            "SignIn__Authority",
            "SignIn__ClientId",
            "SignIn__Scope",
        ];
        Assert.Equal(expected, names);
    }

    [Fact]
    public void AppSettings_Values_PointAtTheDeployedResources()
    {
        var settings = TemplateRules.AppSettings(infra.Dev.Single(TemplateRules.SiteType)).ToDictionary(s => s.Name, s => s.Value);
        var storageId = (string?)infra.Dev.Single(TemplateRules.StorageType)["id"];
        var storageName = (string?)infra.Dev.Single(TemplateRules.StorageType)["name"];
        var cosmosId = (string?)infra.Dev.Single(TemplateRules.CosmosAccountType)["id"];
        var appInsightsId = (string?)infra.Dev.Single("Microsoft.Insights/components")["id"];

        Assert.Equal(storageName, settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal($"[reference('{storageId}', '2023-05-01').primaryEndpoints.blob]", settings["CadreStorage__blobServiceUri"]);
        Assert.Equal($"[reference('{storageId}', '2023-05-01').primaryEndpoints.queue]", settings["CadreStorage__queueServiceUri"]);
        Assert.Equal($"[reference('{storageId}', '2023-05-01').primaryEndpoints.table]", settings["CadreStorage__tableServiceUri"]);
        Assert.Equal($"[reference('{cosmosId}', '2024-11-15').documentEndpoint]", settings["Cosmos__AccountEndpoint"]);
        Assert.Equal("cadre", settings["Cosmos__Database"]);
        Assert.Equal("false", settings["Cosmos__CreateIfNotExists"]);
        Assert.Equal("0 */30 * * * *", settings["RecalculateSchedule"]);
        Assert.Equal("2023-03-31", settings["Completeness__Deadline"]);
        Assert.Equal($"[reference('{appInsightsId}', '2020-02-02').ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void AppSettings_SignIn_TheTenantsV2AuthorityAndTheAppRegistrationAsAudienceAndClient()
    {
        var settings = TemplateRules.AppSettings(infra.Dev.Single(TemplateRules.SiteType)).ToDictionary(s => s.Name, s => s.Value);

        // The tenant's v2.0 authority (the snapshot's tenant id), whose discovery document names the issuer of v2 tokens.
        Assert.Matches(@"^\[format\('\{0\}\{1\}/v2\.0', environment\(\)\.authentication\.loginEndpoint, '[0-9a-f-]{36}'\)\]$", settings["SignIn__Authority"]);
        Assert.Equal(settings["SignIn__ClientId"], settings["SignIn__Audience"]);
        Assert.Equal($"openid profile api://{settings["SignIn__ClientId"]}/cadre.api", settings["SignIn__Scope"]);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Access__", StringComparison.Ordinal));
    }

    [Fact]
    public void AppSettings_ClientIdAndGroupMap_BecomeTheSignInSettings()
    {
        var settings = TemplateRules.AppSettings(infra.Full.Single(TemplateRules.SiteType)).ToDictionary(s => s.Name, s => s.Value);

        Assert.Equal("99999999-8888-7777-6666-555555555555", settings["SignIn__Audience"]);
        Assert.Equal("99999999-8888-7777-6666-555555555555", settings["SignIn__ClientId"]);
        Assert.Equal("openid profile api://99999999-8888-7777-6666-555555555555/cadre.api", settings["SignIn__Scope"]);
        Assert.Equal("640323", settings["SignIn__GroupAreas__12345678-aaaa-bbbb-cccc-1234567890ab"]);
    }

    [Fact]
    public void AppSettings_IdHashKey_IsAKeyVaultReferenceToTheSecret()
    {
        var settings = TemplateRules.AppSettings(infra.Dev.Single(TemplateRules.SiteType)).ToDictionary(s => s.Name, s => s.Value);
        var vaultId = (string?)infra.Dev.Single(TemplateRules.KeyVaultType)["id"];

        Assert.Equal(
            $"[format('@Microsoft.KeyVault(SecretUri={{0}})', format('{{0}}secrets/{{1}}/', reference('{vaultId}', '2023-07-01').vaultUri, 'IdHashKey'))]",
            settings["IdHash__Key"]);
        var secret = infra.Full.Single("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal((string?)infra.Full.Single(TemplateRules.KeyVaultType)["name"] + "/IdHashKey", (string?)secret["name"]);
    }

    [Fact]
    public void AppSettings_AllEnvironments_HoldNoKeyOrConnectionString()
    {
        Assert.Empty(TemplateRules.AppSettingsHoldNoSecrets(infra.Dev.Resources));
        Assert.Empty(TemplateRules.AppSettingsHoldNoSecrets(infra.Prod.Resources));
        Assert.Empty(TemplateRules.AppSettingsHoldNoSecrets(infra.Full.Resources));
    }
}
