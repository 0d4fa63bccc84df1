using System.Text.Json;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli;

/// <summary>
/// The CLI's services: exactly the registrations of the Functions app (<see cref="CadrePipelineServiceCollectionExtensions.AddCadrePipeline(IServiceCollection, IConfiguration)"/>),
/// configured from the one place the local settings live, <c>functions/local.settings.json</c>, then environment variables.
/// </summary>
internal static class CliHost
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly Lazy<AreaCatalog> AreasLazy = new(() =>
    {
        var path = LoadConfiguration()[CadrePipelineServiceCollectionExtensions.AreaCatalogPathSetting];
        return AreaCatalog.FromFileOrDefault(string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path, RepositoryRoot));
    });

    /// <summary>The area catalogue of this run: the embedded one, or the file named by <c>Areas__CatalogPath</c>.</summary>
    public static AreaCatalog Areas => AreasLazy.Value;

    /// <summary>Settings a verb fixes for its whole run (a demo scenario's own stores), above every other source.</summary>
    public static Dictionary<string, string?> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static IConfiguration LoadConfiguration()
    {
        var values = new Dictionary<string, string?>();
        var settings = Path.Combine(RepositoryRoot, "functions", "local.settings.json");
        if (File.Exists(settings))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(settings));
            if (doc.RootElement.TryGetProperty("Values", out var v))
            {
                foreach (var p in v.EnumerateObject())
                {
                    values[p.Name.Replace("__", ":", StringComparison.Ordinal)] = p.Value.GetString();
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).AddEnvironmentVariables().AddInMemoryCollection(Overrides).Build();
    }

    public static ServiceProvider BuildServices(Action<IServiceCollection>? customize = null)
    {
        var configuration = LoadConfiguration();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddCadrePipeline(configuration);
        services.AddSingleton(Areas);
        if (KillSwitch.FromEnvironment() is { } kill)
        {
            services.AddSingleton<CadrePipeline.Azure.Ingest.IIngestStepObserver>(kill);
            services.AddSingleton<CadrePipeline.Azure.Publishing.IPublishStepObserver>(kill);
        }
        customize?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // The same start-up checks as the hosts' (ValidateOnStart): settings are refused before any verb runs.
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CADRE_ROOT");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CadrePipeline.sln")))
            {
                dir = dir.Parent;
            }

            if (dir is not null)
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
