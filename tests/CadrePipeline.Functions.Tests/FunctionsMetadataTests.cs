using System.Text.Json;
using CadrePipeline.Azure.Api;

namespace CadrePipeline.Functions.Tests;

/// <summary>
/// Reads the functions.metadata that the Worker SDK wrote at build time, which is what the Functions host loads, and
/// checks each trigger the app means to declare.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    [Fact]
    public void Metadata_BlobTrigger_WatchesSubmissionsThroughEventGrid()
    {
        var b = Binding("IngestSubmission", "blobTrigger");
        Assert.Equal("submissions/{county}/{period}/{name}", b.GetProperty("path").GetString());
        Assert.Equal("EventGrid", b.GetProperty("source").GetString());
        Assert.Equal("CadreStorage", b.GetProperty("connection").GetString());
    }

    [Fact]
    public void Metadata_TimerTrigger_ReadsScheduleFromSetting()
    {
        var b = Binding("RecalculateOnSchedule", "timerTrigger");
        Assert.Equal("%RecalculateSchedule%", b.GetProperty("schedule").GetString());
    }

    public static TheoryData<string, string, string> ApiTable()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var r in ApiRoutes.All)
        {
            data.Add(r.Name, r.Method.ToLowerInvariant(), r.Path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiTable))]
    public void Metadata_EveryRouteOfTheTable_IsAnHttpTriggerWithItsMethodPathAndFunctionKey(string function, string method, string route)
    {
        var b = Binding(function, "httpTrigger");
        Assert.Equal(route, b.GetProperty("route").GetString());
        Assert.Equal([method], b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", b.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Metadata_HttpTriggers_AreTheTablesRoutesAndThePageOnly()
    {
        var http = Functions
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.GetProperty("name").GetString())
            .Order(StringComparer.Ordinal);

        // Written out by hand: the nine API routes of docs/upload-page.md, and the page.
        Assert.Equal(
            ["GetAccess", "GetCompleteness", "GetIndicators", "GetSubmission", "GetTemplate", "ListSubmissions", "RecalculateNow", "ReplaySubmission", "UploadPage", "UploadSubmission"],
            http);
    }

    [Theory]
    [InlineData("RecalculateNow", "post", "recalculate")]
    [InlineData("GetSubmission", "get", "submissions/{id}")]
    [InlineData("ReplaySubmission", "post", "submissions/{id}/replay")]
    [InlineData("ListSubmissions", "get", "submissions")]
    [InlineData("GetAccess", "get", "access")]
    public void Metadata_HttpTrigger_HasTheDocumentedRouteAndMethod(string function, string method, string route)
    {
        var b = Binding(function, "httpTrigger");
        Assert.Equal(route, b.GetProperty("route").GetString());
        Assert.Equal([method], b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Metadata_UploadRoute_NeverTakesTheReplayRoute()
    {
        var route = Binding("UploadSubmission", "httpTrigger").GetProperty("route").GetString()!;
        Assert.StartsWith("submissions/{county}/{period:regex(", route, StringComparison.Ordinal);

        // The host tries routes by function name (ReplaySubmission first, so it is not the order that saves us): the
        // constraint itself must refuse "replay" and accept a year.
        var pattern = route["submissions/{county}/{period:regex(".Length..^2];
        Assert.DoesNotMatch(pattern, "replay");
        Assert.Matches(pattern, "2022");
        Assert.Matches(pattern, "replays");
    }

    [Fact]
    public void Metadata_UploadPage_IsAnonymousGetUnderUi()
    {
        var b = Binding("UploadPage", "httpTrigger");
        Assert.Equal("ui/{*path}", b.GetProperty("route").GetString());
        Assert.Equal(["get"], b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", b.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Build_UploadPage_ShipsWebFilesBesideTheApp()
    {
        var dir = Path.GetDirectoryName(MetadataPath())!;
        foreach (var file in new[] { "index.html", "app.js", "app.css" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "web", file)), File.ReadAllText(Path.Combine(dir, "web", file)));
        }
    }

    [Fact]
    public void Metadata_HostJson_ShipsFromRepositoryRoot()
    {
        var dir = Path.GetDirectoryName(MetadataPath())!;
        var shipped = File.ReadAllText(Path.Combine(dir, "host.json"));
        var root = File.ReadAllText(Path.Combine(RepositoryRoot(), "host.json"));
        Assert.Equal(root, shipped);
        using var doc = JsonDocument.Parse(shipped);
        Assert.Equal("2.0", doc.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void HostJson_PoisonThreshold_IsTheAttemptsOfCadreSubmitAndTheEventGridSubscriptionDeadLetters()
    {
        // Poison handling agrees across layers (docs/operations.md): the trigger's 5 attempts are cadre submit's 5,
        // and an event Event Grid cannot deliver goes to the dead-letter container, not away.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "host.json")));
        var threshold = host.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();
        Assert.Equal(5, threshold);
        Assert.Equal(threshold, new CadrePipeline.Azure.Ingest.IngestOptions().MaxAttempts);

        var subscription = File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "modules", "eventsubscription.bicep"));
        Assert.Contains("deadLetterWithResourceIdentity", subscription, StringComparison.Ordinal);
        Assert.Contains("blobContainerName: deadLetterContainerName", subscription, StringComparison.Ordinal);
        var main = File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "main.bicep"));
        Assert.Contains("var deadLetterContainerName = 'eventgrid-deadletter'", main, StringComparison.Ordinal);
    }

    private static JsonElement Binding(string function, string type)
    {
        var f = Functions.SingleOrDefault(f => f.GetProperty("name").GetString() == function);
        Assert.True(f.ValueKind == JsonValueKind.Object, $"function {function} is not declared");
        return f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == type);
    }

    private static JsonElement[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string MetadataPath()
    {
        // Same configuration and framework as this test assembly: .../tests/X/bin/{cfg}/{tfm}/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var cfg = tfm.Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "functions", "bin", cfg, tfm.Name, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} was not written by the build");
        return path;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CadrePipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
