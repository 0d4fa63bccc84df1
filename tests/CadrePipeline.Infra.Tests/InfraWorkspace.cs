using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests;

/// <summary>
/// A scratch copy of infra/ in a temporary folder, so that generated files (snapshots, extra parameter files) never
/// land in the repository, and so that a test may change a template without touching the real one.
/// </summary>
internal sealed class InfraWorkspace : IDisposable
{
    // The deployment context of every snapshot: fixed, so that names and ids are reproducible.
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string TenantId = "00000000-0000-0000-0000-0000000000b2";
    public const string ResourceGroup = "rg-cadre-test";
    public const string Location = "chinanorth3";

    private InfraWorkspace(string directory) => Directory = directory;

    public string Directory { get; }

    public static InfraWorkspace Create()
    {
        var target = Path.Combine(Path.GetTempPath(), "cadre-infra-" + Guid.NewGuid().ToString("N"));
        Copy(BicepTool.InfraDirectory, target);
        return new InfraWorkspace(target);
    }

    /// <summary>Replaces text in one file of the copy; fails when the text is not there (the mutation must bite).</summary>
    public void Replace(string relativePath, string find, string replacement)
    {
        var path = Path.Combine(Directory, relativePath);
        var text = File.ReadAllText(path);
        if (!text.Contains(find, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{find}' is not in {relativePath}");
        }

        File.WriteAllText(path, text.Replace(find, replacement, StringComparison.Ordinal));
    }

    public void WriteFile(string relativePath, string content) =>
        File.WriteAllText(Path.Combine(Directory, relativePath), content);

    /// <summary>Runs <c>bicep snapshot</c> on a parameters file and returns the evaluated deployment.</summary>
    public async Task<Snapshot> SnapshotAsync(string parametersFile)
    {
        var run = await BicepTool.RunAsync(
            Directory,
            "snapshot", parametersFile, "--mode", "overwrite",
            "--subscription-id", SubscriptionId,
            "--tenant-id", TenantId,
            "--resource-group", ResourceGroup,
            "--location", Location);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(run.ToString());
        }

        var snapshotFile = Path.Combine(Directory, Path.GetFileNameWithoutExtension(parametersFile) + ".snapshot.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile))!.AsObject();
        return new Snapshot(run, json);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static void Copy(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in System.IO.Directory.EnumerateDirectories(source))
        {
            Copy(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}

/// <summary>The output of <c>bicep snapshot</c>: every resource the deployment would create, with its values evaluated.</summary>
internal sealed class Snapshot(BicepRun run, JsonObject json)
{
    public BicepRun Run { get; } = run;

    public JsonObject Json { get; } = json;

    public IReadOnlyList<JsonObject> Resources { get; } =
        json["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type) => Assert.Single(OfType(type));
}
