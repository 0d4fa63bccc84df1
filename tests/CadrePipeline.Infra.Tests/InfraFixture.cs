using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI once for the whole test run: build and lint of main.bicep, build-params of the dev and prod
/// parameters files, and snapshots (evaluated deployments) for dev, prod and a "full" parameter set that turns on
/// every optional part (event subscription, ID-hash secret, analyst roles).
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    /// <summary>The analyst object id used by the full scenario.</summary>
    public const string AnalystPrincipalId = "11111111-2222-3333-4444-555555555555";

    /// <summary>A parameters file turning on every optional resource.</summary>
    public const string FullParameters = """
        using './main.bicep'

        param environmentName = 'full'
        param deployEventSubscription = true
        param writeIdHashKey = true
        param analystPrincipalId = '11111111-2222-3333-4444-555555555555'
        param analystPrincipalType = 'Group'
        param signInClientId = '99999999-8888-7777-6666-555555555555'
        param signInGroupAreas = { '12345678-aaaa-bbbb-cccc-1234567890ab': '640323' }
        """;

    private InfraWorkspace? workspace;

    internal BicepRun Build { get; private set; } = null!;

    internal JsonObject CompiledTemplate { get; private set; } = null!;

    internal IReadOnlyDictionary<string, BicepRun> Lint { get; private set; } = null!;

    internal IReadOnlyDictionary<string, BicepRun> BuildParams { get; private set; } = null!;

    internal Snapshot Dev { get; private set; } = null!;

    internal Snapshot Prod { get; private set; } = null!;

    internal Snapshot Full { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        workspace = InfraWorkspace.Create();
        workspace.WriteFile("full.bicepparam", FullParameters);
        var dir = workspace.Directory;

        var build = BicepTool.RunAsync(dir, "build", "main.bicep", "--stdout");
        var lintFiles = new[] { "main.bicep", "main.dev.bicepparam", "main.prod.bicepparam" };
        var lint = lintFiles.Select(f => BicepTool.RunAsync(dir, "lint", f)).ToArray();
        var paramFiles = new[] { "main.dev.bicepparam", "main.prod.bicepparam" };
        var buildParams = paramFiles.Select(f => BicepTool.RunAsync(dir, "build-params", f, "--stdout")).ToArray();
        var dev = workspace.SnapshotAsync("main.dev.bicepparam");
        var prod = workspace.SnapshotAsync("main.prod.bicepparam");
        var full = workspace.SnapshotAsync("full.bicepparam");

        Build = await build;
        CompiledTemplate = Build.ExitCode == 0 ? JsonNode.Parse(Build.StandardOutput)!.AsObject() : new JsonObject();
        var lintRuns = await Task.WhenAll(lint);
        Lint = lintFiles.Zip(lintRuns).ToDictionary(p => p.First, p => p.Second);
        var paramRuns = await Task.WhenAll(buildParams);
        BuildParams = paramFiles.Zip(paramRuns).ToDictionary(p => p.First, p => p.Second);
        Dev = await dev;
        Prod = await prod;
        Full = await full;
    }

    public Task DisposeAsync()
    {
        workspace?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "Infra";
}
