namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/cosmos.bicep: serverless NoSQL, Entra ID only, database cadre with two /pk containers.</summary>
[Collection(InfraCollection.Name)]
public sealed class CosmosTests(InfraFixture infra)
{
    [Fact]
    public void Account_Properties_ServerlessLocalAuthOffTls12()
    {
        var p = infra.Dev.Single(TemplateRules.CosmosAccountType)["properties"]!;
        Assert.True((bool)p["disableLocalAuth"]!);
        Assert.Equal("Tls12", (string?)p["minimalTlsVersion"]);
        Assert.Equal("EnableServerless", (string?)Assert.Single(p["capabilities"]!.AsArray())!["name"]);
        Assert.Empty(TemplateRules.CosmosIsServerlessAndEntraOnly(infra.Prod.Resources));
    }

    [Fact]
    public void Database_Name_IsCadre()
    {
        var database = infra.Dev.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Equal("cadre", (string?)database["properties"]!["resource"]!["id"]);
    }

    [Theory]
    [InlineData("indicators")]
    [InlineData("submissions")]
    public void Container_PartitionKey_IsPk(string name)
    {
        var container = Assert.Single(
            infra.Dev.OfType(TemplateRules.CosmosContainerType),
            c => (string?)c["properties"]!["resource"]!["id"] == name);
        var partitionKey = container["properties"]!["resource"]!["partitionKey"]!;
        Assert.Equal("/pk", (string?)Assert.Single(partitionKey["paths"]!.AsArray()));
        Assert.Equal("Hash", (string?)partitionKey["kind"]);
        Assert.Null(container["properties"]!["options"]?["throughput"]); // serverless: no provisioned RU/s
    }

    [Fact]
    public void Containers_Count_IsTwo()
    {
        Assert.Equal(2, infra.Dev.OfType(TemplateRules.CosmosContainerType).Count);
    }
}
