using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests;

/// <summary>The templates compile and lint cleanly with the Bicep CLI from NuGet, offline.</summary>
[Collection(InfraCollection.Name)]
public sealed class BicepCliTests(InfraFixture infra)
{
    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.ToString());
        Assert.True(string.IsNullOrWhiteSpace(infra.Build.StandardError), infra.Build.ToString());
        Assert.Equal(
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            (string?)infra.CompiledTemplate["$schema"]);
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.dev.bicepparam")]
    [InlineData("main.prod.bicepparam")]
    public void Lint_TemplateAndParameters_ReportsNoErrorOrWarning(string file)
    {
        // Lint of main.bicep covers its modules too. Warnings count as failures (exceptions live in bicepconfig.json).
        var run = infra.Lint[file];
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(string.IsNullOrWhiteSpace(run.StandardError), run.ToString());
    }

    [Theory]
    [InlineData("main.dev.bicepparam", "dev", false)]
    [InlineData("main.prod.bicepparam", "prod", true)]
    public void BuildParams_EnvironmentFile_CompilesWithItsEnvironment(string file, string environmentName, bool isProduction)
    {
        var run = infra.BuildParams[file];
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(string.IsNullOrWhiteSpace(run.StandardError), run.ToString());

        var output = JsonNode.Parse(run.StandardOutput)!;
        var parameters = JsonNode.Parse((string)output["parametersJson"]!)!["parameters"]!;
        Assert.Equal(environmentName, (string?)parameters["environmentName"]?["value"]);
        Assert.Equal(isProduction, (bool?)parameters["isProduction"]?["value"]);
    }

    [Theory]
    [InlineData("CADRE_DEPLOY_EVENT_SUBSCRIPTION", "deployEventSubscription")]
    [InlineData("CADRE_WRITE_ID_HASH_KEY", "writeIdHashKey")]
    public async Task BuildParams_StepSwitchInEnvironment_TurnsParameterOn(string variable, string parameter)
    {
        using var workspace = InfraWorkspace.Create();
        var off = await BicepTool.RunAsync(workspace.Directory, "build-params", "main.prod.bicepparam", "--stdout");
        var on = await BicepTool.RunAsync(
            workspace.Directory, new Dictionary<string, string> { [variable] = "true" }, "build-params", "main.prod.bicepparam", "--stdout");

        Assert.False(ParameterValue(off, parameter), off.ToString());
        Assert.True(ParameterValue(on, parameter), on.ToString());
    }

    [Fact]
    public void Build_MainTemplate_UsesOnlyLocalModules()
    {
        // A registry module (br:) or template spec (ts:) would need the network at build time.
        var bicepFiles = Directory.EnumerateFiles(BicepTool.InfraDirectory, "*.bicep*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(bicepFiles);
        foreach (var file in bicepFiles)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        }
    }

    private static bool ParameterValue(BicepRun run, string parameter)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var parameters = JsonNode.Parse((string)JsonNode.Parse(run.StandardOutput)!["parametersJson"]!)!["parameters"]!;
        return (bool)parameters[parameter]!["value"]!;
    }
}
