using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Publishing;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Intake;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace CadrePipeline.Azure.Hosting;

/// <summary>All registrations of the pipeline, shared by the Functions app and the <c>cadre</c> CLI.</summary>
public static class CadrePipelineServiceCollectionExtensions
{
    /// <summary>The setting naming another area catalogue file than the embedded one (a sample scenario's).</summary>
    public const string AreaCatalogPathSetting = "Areas:CatalogPath";

    public static IHostApplicationBuilder AddCadrePipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCadrePipeline(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddCadrePipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<StorageOptions>()
            .Configure(o => BindStorage(configuration, o))
            .Validate(o => o.ConnectionString is not null || o.BlobServiceUri is not null,
                "CadreStorage: set a connection string (local) or CadreStorage__blobServiceUri (Azure)")
            .ValidateOnStart();
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdHashOptions>().BindConfiguration(IdHashOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The public secrets of functions/local.settings.json only with loopback endpoints (docs/security.md).
        var localSecrets = new LocalSecretsCheck(configuration);
        services.AddSingleton<IValidateOptions<StorageOptions>>(localSecrets);
        services.AddSingleton<IValidateOptions<CosmosOptions>>(localSecrets);
        services.AddSingleton<IValidateOptions<IdHashOptions>>(localSecrets);
        services.AddSingleton<IValidateOptions<Api.SignInOptions>>(localSecrets);

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new BlobClientOptions();
            SetRetry(clientOptions.Retry, o);
            SetTransport(clientOptions, sp, CadreHttpClientKind.Blob);
            return o.ConnectionString is { } cs
                ? new BlobServiceClient(cs, clientOptions)
                : new BlobServiceClient(o.BlobServiceUri, new DefaultAzureCredential(), clientOptions);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions();
            SetRetry(clientOptions.Retry, o);
            SetTransport(clientOptions, sp, CadreHttpClientKind.Table);
            return o.ConnectionString is { } cs
                ? new TableServiceClient(cs, clientOptions)
                : new TableServiceClient(o.TableServiceUri ?? DeriveTableUri(o.BlobServiceUri!), new DefaultAzureCredential(), clientOptions);
        });
        services.AddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value, sp.GetService<ICadreHttpHandlerFactory>()));
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName);

        services.AddSingleton(_ => AreaCatalog.FromFileOrDefault(configuration[AreaCatalogPathSetting]));
        services.AddSingleton(FormCatalog.Default);
        services.AddSingleton(IndicatorCatalog.Default);
        services.AddSingleton<IndicatorEngine>();
        services.AddSingleton<IIdHasher>(sp => new HmacIdHasher(Convert.FromBase64String(sp.GetRequiredService<IOptions<IdHashOptions>>().Value.Key)));
        services.AddSingleton(sp => new IntakeEngine(
            sp.GetRequiredService<FormCatalog>(), sp.GetRequiredService<AreaCatalog>(), sp.GetRequiredService<IIdHasher>(), IntakeOptions.Default));

        services.AddResiliencePipeline(CosmosResilience.Key, CosmosResilience.Configure);
        services.AddSingleton<CosmosStore>();
        services.AddSingleton<BlobLayout>();
        services.AddSingleton<SubmissionLedger>();
        services.AddSingleton<IndicatorStore>();
        services.AddSingleton<CountyAggregator>();
        services.AddSingleton<CrossCountyCheck>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<IngestAttempts>();
        services.AddSingleton<RecalculationLock>();
        services.AddOptions<RecalcOptions>().BindConfiguration(RecalcOptions.SectionName);
        services.AddSingleton<RecalculationService>();
        services.AddSingleton<Api.SubmissionApi>();
        services.AddOptions<Completeness.CompletenessOptions>().BindConfiguration(Completeness.CompletenessOptions.SectionName);
        services.AddSingleton<Completeness.CompletenessService>();
        services.AddSingleton<Publishing.StarSchemaAssembler>();
        services.AddSingleton<IRecalculationFollowUp, Publishing.PublishFollowUp>();
        services.AddOptions<Api.SignInOptions>().BindConfiguration(Api.SignInOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Api.SignInOptions>, Api.SignInOptionsValidator>();
        services.AddSingleton<Api.BearerTokenValidator>();
        services.AddSingleton<Api.AccessControl>();
        services.TryAddSingleton<Api.ITemplateSource, Api.CoreTemplateSource>();
        services.AddSingleton<Api.CadreApiGateway>();
        services.AddOptions<Api.ApiHostOptions>();
        services.AddSingleton<Api.ApiDispatcher>();

        services.AddOptions<PublishOptions>().BindConfiguration(PublishOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PowerBiPublisher>();

        return services;
    }

    internal static void BindStorage(IConfiguration configuration, StorageOptions o)
    {
        // "CadreStorage" may be a plain connection string (local) and still have sub-keys such as container names.
        var section = configuration.GetSection(StorageOptions.SectionName);
        section.Bind(o);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            o.ConnectionString = section.Value;
        }
    }

    private static void SetRetry(global::Azure.Core.RetryOptions retry, StorageOptions o)
    {
        retry.Mode = global::Azure.Core.RetryMode.Exponential;
        retry.MaxRetries = o.MaxRetries;
        retry.Delay = o.RetryDelay;
        retry.MaxDelay = TimeSpan.FromSeconds(30);
    }

    /// <summary>Only when an <see cref="ICadreHttpHandlerFactory"/> is registered; else the SDK's own transport.</summary>
    private static void SetTransport(global::Azure.Core.ClientOptions clientOptions, IServiceProvider sp, CadreHttpClientKind kind)
    {
        if (sp.GetService<ICadreHttpHandlerFactory>() is { } handlers)
        {
            clientOptions.Transport = new global::Azure.Core.Pipeline.HttpClientTransport(handlers.Wrap(kind, new SocketsHttpHandler()));
        }
    }

    private static Uri DeriveTableUri(Uri blobUri) =>
        new(blobUri.ToString().Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase));
}
