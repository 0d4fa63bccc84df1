namespace CadrePipeline.Infra.Tests;

/// <summary>Every template rule holds for the dev, prod and full (all optional parts on) deployments.</summary>
[Collection(InfraCollection.Name)]
public sealed class TemplateRulesFixtureTests(InfraFixture infra)
{
    [Theory]
    [InlineData("StorageIsEntraOnly")]
    [InlineData("CosmosIsServerlessAndEntraOnly")]
    [InlineData("CosmosContainersArePartitionedOnPk")]
    [InlineData("KeyVaultUsesRbac")]
    [InlineData("AppSettingsHoldNoSecrets")]
    [InlineData("EventSubscriptionFeedsIngestion")]
    public void Rule_RealTemplates_ReportsNothing(string rule)
    {
        Assert.Empty(TemplateRulesTests.Check(rule, infra.Dev));
        Assert.Empty(TemplateRulesTests.Check(rule, infra.Prod));
        Assert.Empty(TemplateRulesTests.Check(rule, infra.Full));
    }
}
