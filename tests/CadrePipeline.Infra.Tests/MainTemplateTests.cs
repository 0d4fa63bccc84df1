using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests;

/// <summary>The compiled ARM template (main.bicep and its modules) declares every resource the pipeline needs.</summary>
[Collection(InfraCollection.Name)]
public sealed class MainTemplateTests(InfraFixture infra)
{
    [Theory]
    [InlineData("Microsoft.Web/serverfarms")]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices/tables")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.EventGrid/systemTopics")]
    [InlineData("Microsoft.EventGrid/systemTopics/eventSubscriptions")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts/sqlDatabases")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")]
    [InlineData("Microsoft.Insights/components")]
    [InlineData("Microsoft.OperationalInsights/workspaces")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.KeyVault/vaults/secrets")]
    [InlineData("Microsoft.Authorization/roleAssignments")]
    public void Build_CompiledTemplate_DeclaresResourceType(string type)
    {
        var types = AllResources(infra.CompiledTemplate).Select(r => (string?)r["type"]).ToList();
        Assert.Contains(type, types, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("functionAppUrl")]
    [InlineData("functionAppName")]
    [InlineData("storageAccountName")]
    [InlineData("cosmosEndpoint")]
    [InlineData("keyVaultName")]
    public void Build_CompiledTemplate_HasStringOutput(string name)
    {
        Assert.Equal("string", (string?)infra.CompiledTemplate["outputs"]?[name]?["type"]);
    }

    [Fact]
    public void Build_IdHashKeyParameter_IsSecureAndNeverOutput()
    {
        var parameter = infra.CompiledTemplate["parameters"]!["idHashKey"]!;
        Assert.Equal("securestring", (string?)parameter["type"]);
        var outputs = infra.CompiledTemplate["outputs"]!.ToJsonString();
        Assert.DoesNotContain("idHashKey", outputs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", outputs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Build_OptionalSwitches_DefaultToTheSafeChoice()
    {
        var parameters = infra.CompiledTemplate["parameters"]!;

        // The event subscription needs the deployed app; the secret write would rotate the key on every redeploy.
        Assert.False((bool)parameters["deployEventSubscription"]!["defaultValue"]!);
        Assert.False((bool)parameters["writeIdHashKey"]!["defaultValue"]!);
        Assert.Equal("", (string?)parameters["analystPrincipalId"]!["defaultValue"]);
    }

    [Fact]
    public void Snapshot_Outputs_NameTheDeployedResources()
    {
        var outputs = infra.Dev.Json["outputs"]!;
        var storage = infra.Dev.Single(TemplateRules.StorageType);
        var site = infra.Dev.Single(TemplateRules.SiteType);
        var cosmos = infra.Dev.Single(TemplateRules.CosmosAccountType);

        Assert.Equal((string?)storage["name"], (string?)outputs["storageAccountName"]);
        Assert.Equal((string?)site["name"], (string?)outputs["functionAppName"]);
        Assert.StartsWith("[format('https://{0}', reference('" + (string?)site["id"], (string?)outputs["functionAppUrl"], StringComparison.Ordinal);
        Assert.Equal($"[reference('{(string?)cosmos["id"]}', '2024-11-15').documentEndpoint]", (string?)outputs["cosmosEndpoint"]);
    }

    [Fact]
    public void Snapshot_DevNames_ShareTheEnvironmentAndOneSuffix()
    {
        var site = (string)infra.Dev.Single(TemplateRules.SiteType)["name"]!;
        var cosmos = (string)infra.Dev.Single(TemplateRules.CosmosAccountType)["name"]!;
        var storage = (string)infra.Dev.Single(TemplateRules.StorageType)["name"]!;
        var vault = (string)infra.Dev.Single(TemplateRules.KeyVaultType)["name"]!;

        Assert.StartsWith("func-cadre-dev-", site, StringComparison.Ordinal);
        var suffix = site["func-cadre-dev-".Length..];
        Assert.Equal(13, suffix.Length); // uniqueString() is 13 characters
        Assert.Equal("cosmos-cadre-dev-" + suffix, cosmos);

        // Storage: at most 24 lowercase letters and digits. Key Vault: at most 24 characters.
        Assert.Equal("stcadredev" + suffix, storage);
        Assert.Matches("^[a-z0-9]{3,24}$", storage);
        Assert.Equal(("kv-cadre-dev-" + suffix)[..24], vault);
    }

    [Fact]
    public void Snapshot_DevAndProd_GetDifferentNames()
    {
        var dev = (string)infra.Dev.Single(TemplateRules.StorageType)["name"]!;
        var prod = (string)infra.Prod.Single(TemplateRules.StorageType)["name"]!;
        Assert.StartsWith("stcadreprod", prod, StringComparison.Ordinal);
        Assert.NotEqual(dev[10..], prod[11..]);
    }

    /// <summary>Every resource of a compiled template, descending into nested deployments (modules).</summary>
    internal static IEnumerable<JsonObject> AllResources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
