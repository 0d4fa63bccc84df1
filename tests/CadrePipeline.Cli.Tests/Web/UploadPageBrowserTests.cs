using System.Diagnostics;
using System.Text;
using CadrePipeline.Azure.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>
/// Drives the upload page in headless Chromium (tests/e2e/upload-page.mjs, playwright-core with Debian's chromium)
/// against <c>cadre serve</c> on the real local stack, signing in on the local identity provider's own login form: a CSV
/// with a wrong ID check digit in E4 and an unknown education in I5 is uploaded through the page, the corrected file
/// supersedes it, another county's clerk is refused, the city view shows the completeness matrix, and signing out
/// clears the page and ends the provider's session. Screenshots go to TestResults/screenshots/.
/// </summary>
public sealed class UploadPageBrowserTests(ServeFixture serve, ITestOutputHelper output) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task UploadPage_SignInUploadBadRowsThenCorrectedFileSignOut_ShowsFindingsSupersedesRefusesOtherCountyAndClears()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: run scripts/test-setup.sh (apt-get install -y chromium)");
        Assert.True(File.Exists(Path.Combine(ServeFixture.RepositoryRoot, "node_modules", "playwright-core", "package.json")),
            "playwright-core is missing: run scripts/test-setup.sh (npm ci)");

        var screenshots = Path.Combine(ServeFixture.RepositoryRoot, "TestResults", "screenshots");
        var psi = new ProcessStartInfo("node", [Path.Combine(ServeFixture.RepositoryRoot, "tests", "e2e", "upload-page.mjs")])
        {
            WorkingDirectory = ServeFixture.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.Environment["CADRE_BASE_URL"] = serve.BaseAddress;
        psi.Environment["CADRE_ISSUER"] = LocalIdentity.Authority;
        psi.Environment["CADRE_USER_COUNTY"] = "yanchi-clerk";
        psi.Environment["CADRE_USER_OTHER"] = "litong-clerk";
        psi.Environment["CADRE_USER_CITY"] = "city-reviewer";
        psi.Environment["CADRE_USER_OPERATOR"] = "operator";
        psi.Environment["CADRE_PASSWORD"] = "local-pass";
        psi.Environment["CADRE_SCREENSHOTS"] = screenshots;

        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }

        var log = $"{await stdout}\n{await stderr}";
        output.WriteLine(log);
        Assert.True(node.ExitCode == 0, $"the browser test failed (exit {node.ExitCode}):\n{log}");
        Assert.True(File.Exists(Path.Combine(screenshots, "02-report-with-errors.png")), "no screenshot of the report");
    }
}
