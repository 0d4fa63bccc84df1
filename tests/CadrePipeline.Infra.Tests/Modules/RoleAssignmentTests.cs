using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/roles.bicep: least-privilege data-plane roles for the app and read-only roles for analysts.</summary>
[Collection(InfraCollection.Name)]
public sealed class RoleAssignmentTests(InfraFixture infra)
{
    // Built-in role definition ids, as published by Azure (identical in every tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string StorageTableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string RoleAssignmentsSegment = "/providers/Microsoft.Authorization/roleAssignments/";

    [Fact]
    public void AppIdentity_StorageAccount_HasBlobOwnerQueueAndTableContributor()
    {
        var storageId = (string)infra.Dev.Single(TemplateRules.StorageType)["id"]!;
        var roles = AppAssignments(infra.Dev).Where(a => Scope(a) == storageId).Select(RoleId).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor }.Order(StringComparer.Ordinal), roles);
    }

    [Fact]
    public void AppIdentity_KeyVault_HasSecretsUserOnly()
    {
        var vaultId = (string)infra.Dev.Single(TemplateRules.KeyVaultType)["id"]!;
        var assignment = Assert.Single(AppAssignments(infra.Dev), a => Scope(a) == vaultId);
        Assert.Equal(KeyVaultSecretsUser, RoleId(assignment));
    }

    [Fact]
    public void AppIdentity_AppInsights_HasMonitoringMetricsPublisher()
    {
        var appInsightsId = (string)infra.Dev.Single("Microsoft.Insights/components")["id"]!;
        var assignment = Assert.Single(AppAssignments(infra.Dev), a => Scope(a) == appInsightsId);
        Assert.Equal(MonitoringMetricsPublisher, RoleId(assignment));
        Assert.True((bool)infra.Dev.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
    }

    [Fact]
    public void AppIdentity_Cosmos_HasBuiltInDataContributorOnTheAccount()
    {
        var cosmosId = (string)infra.Dev.Single(TemplateRules.CosmosAccountType)["id"]!;
        var assignment = infra.Dev.Single("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
        var p = assignment["properties"]!;
        Assert.Equal($"{cosmosId}/sqlRoleDefinitions/{CosmosBuiltInDataContributor}", (string?)p["roleDefinitionId"]);
        Assert.Equal(cosmosId, (string?)p["scope"]);
        Assert.Equal(AppPrincipal(infra.Dev), (string?)p["principalId"]);
    }

    [Fact]
    public void AppIdentity_AllAssignments_AreForTheServicePrincipal()
    {
        var assignments = AppAssignments(infra.Dev).ToList();
        Assert.Equal(5, assignments.Count); // 3 storage + Key Vault + Application Insights
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]));
    }

    [Fact]
    public void Assignments_Dev_AreTheAppsAndTheTopicsOnly()
    {
        var topicPrincipal = TopicPrincipal(infra.Dev);
        var others = infra.Dev.OfType(RoleAssignmentType)
            .Where(a => (string?)a["properties"]!["principalId"] != AppPrincipal(infra.Dev))
            .ToList();
        var topic = Assert.Single(others);
        Assert.Equal(topicPrincipal, (string?)topic["properties"]!["principalId"]);
    }

    [Fact]
    public void EventGridTopic_DeadLetterContainer_GetsBlobDataContributorThereOnly()
    {
        var storageId = (string)infra.Dev.Single(TemplateRules.StorageType)["id"]!;
        var assignment = Assert.Single(
            infra.Dev.OfType(RoleAssignmentType),
            a => (string?)a["properties"]!["principalId"] == TopicPrincipal(infra.Dev));
        Assert.Equal(StorageBlobDataContributor, RoleId(assignment));
        Assert.Equal($"{storageId}/blobServices/default/containers/eventgrid-deadletter", Scope(assignment));
    }

    [Fact]
    public void Analysts_NoPrincipalGiven_GetNoAssignment()
    {
        Assert.DoesNotContain(infra.Dev.OfType(RoleAssignmentType), a => RoleId(a) is StorageBlobDataReader or StorageTableDataReader);
        Assert.DoesNotContain(infra.Prod.OfType(RoleAssignmentType), a => RoleId(a) is StorageBlobDataReader or StorageTableDataReader);
    }

    [Fact]
    public void Analysts_PowerBiContainer_GetBlobDataReaderScopedToIt()
    {
        var storageId = (string)infra.Full.Single(TemplateRules.StorageType)["id"]!;
        var analyst = AnalystAssignments().Where(a => RoleId(a) == StorageBlobDataReader).ToList();
        var assignment = Assert.Single(analyst);
        Assert.Equal($"{storageId}/blobServices/default/containers/powerbi", Scope(assignment));
        Assert.Equal("Group", (string?)assignment["properties"]!["principalType"]);
    }

    [Fact]
    public void Analysts_StarSchemaTables_GetTableDataReaderOnEach()
    {
        var storageId = (string)infra.Full.Single(TemplateRules.StorageType)["id"]!;
        var scopes = AnalystAssignments().Where(a => RoleId(a) == StorageTableDataReader).Select(Scope).Order(StringComparer.Ordinal);
        var expected = new[] { "DimArea", "DimIndicator", "DimPeriod", "FactCompleteness", "FactIndicatorValue", "FactSubmission" }
            .Select(t => $"{storageId}/tableServices/default/tables/{t}");
        Assert.Equal(expected, scopes);
    }

    [Fact]
    public void Analysts_AllAssignments_AreReadOnly()
    {
        var analyst = AnalystAssignments();
        Assert.Equal(7, analyst.Count);
        Assert.All(analyst, a => Assert.True(RoleId(a) is StorageBlobDataReader or StorageTableDataReader, RoleId(a)));
    }

    private List<JsonObject> AnalystAssignments() =>
        infra.Full.OfType(RoleAssignmentType)
            .Where(a => (string?)a["properties"]!["principalId"] == InfraFixture.AnalystPrincipalId)
            .ToList();

    private static IEnumerable<JsonObject> AppAssignments(Snapshot snapshot) =>
        snapshot.OfType(RoleAssignmentType).Where(a => (string?)a["properties"]!["principalId"] == AppPrincipal(snapshot));

    private static string AppPrincipal(Snapshot snapshot) =>
        $"[reference('{(string?)snapshot.Single(TemplateRules.SiteType)["id"]}', '2024-04-01', 'full').identity.principalId]";

    private static string TopicPrincipal(Snapshot snapshot) =>
        $"[reference('{(string?)snapshot.Single("Microsoft.EventGrid/systemTopics")["id"]}', '2025-02-15', 'full').identity.principalId]";

    private static string RoleId(JsonObject assignment) =>
        ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    /// <summary>The scope of an assignment, from its id (evaluated, or an extensionResourceId expression).</summary>
    private static string Scope(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        const string ExpressionStart = "[extensionResourceId('";
        if (id.StartsWith(ExpressionStart, StringComparison.Ordinal))
        {
            return id[ExpressionStart.Length..id.IndexOf('\'', ExpressionStart.Length)];
        }

        return id[..id.IndexOf(RoleAssignmentsSegment, StringComparison.Ordinal)];
    }
}
