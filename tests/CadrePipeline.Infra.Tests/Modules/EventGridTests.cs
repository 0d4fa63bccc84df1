namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/eventgrid.bicep and eventsubscription.bicep: BlobCreated in submissions/ drives IngestSubmission.</summary>
[Collection(InfraCollection.Name)]
public sealed class EventGridTests(InfraFixture infra)
{
    [Fact]
    public void SystemTopic_Source_IsTheStorageAccount()
    {
        var topic = infra.Dev.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal((string?)infra.Dev.Single(TemplateRules.StorageType)["id"], (string?)topic["properties"]!["source"]);
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);
    }

    [Fact]
    public void Subscription_UndeliveredEvents_AreDeadLetteredWithTheTopicIdentity()
    {
        var deadLetter = infra.Full.Single(TemplateRules.EventSubscriptionType)["properties"]!["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal("SystemAssigned", (string?)infra.Full.Single("Microsoft.EventGrid/systemTopics")["identity"]!["type"]);
        var destination = deadLetter["deadLetterDestination"]!;
        Assert.Equal("StorageBlob", (string?)destination["endpointType"]);
        Assert.Equal((string?)infra.Full.Single(TemplateRules.StorageType)["id"], (string?)destination["properties"]!["resourceId"]);
        Assert.Equal("eventgrid-deadletter", (string?)destination["properties"]!["blobContainerName"]);
    }

    [Fact]
    public void Subscription_FirstDeployment_IsNotCreated()
    {
        Assert.Empty(infra.Dev.OfType(TemplateRules.EventSubscriptionType));
        Assert.Empty(infra.Prod.OfType(TemplateRules.EventSubscriptionType));
    }

    [Fact]
    public void Subscription_Filter_TargetsBlobCreatedInSubmissions()
    {
        var filter = infra.Full.Single(TemplateRules.EventSubscriptionType)["properties"]!["filter"]!;
        Assert.Equal("/blobServices/default/containers/submissions/", (string?)filter["subjectBeginsWith"]);
        Assert.Equal("Microsoft.Storage.BlobCreated", (string?)Assert.Single(filter["includedEventTypes"]!.AsArray()));
    }

    [Fact]
    public void Subscription_Endpoint_IsTheBlobsExtensionWebhookOfIngestSubmission()
    {
        var subscription = infra.Full.Single(TemplateRules.EventSubscriptionType);
        var siteId = (string?)infra.Full.Single(TemplateRules.SiteType)["id"];
        var destination = subscription["properties"]!["destination"]!;

        Assert.Equal("WebHook", (string?)destination["endpointType"]);
        Assert.Equal(
            "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}', " +
            $"reference('{siteId}', '2024-04-01').defaultHostName, 'IngestSubmission', " +
            $"listKeys('{siteId}/host/default', '2024-04-01').systemKeys.blobs_extension)]",
            (string?)destination["properties"]!["endpointUrl"]);
        Assert.Equal((string?)infra.Full.Single("Microsoft.EventGrid/systemTopics")["name"] + "/ingest-submissions", (string?)subscription["name"]);
        Assert.Empty(TemplateRules.EventSubscriptionFeedsIngestion(infra.Full.Resources));
    }
}
