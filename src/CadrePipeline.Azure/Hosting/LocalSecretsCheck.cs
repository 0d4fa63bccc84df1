using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Hosting;

/// <summary>
/// Refuses the public development settings of <c>functions/local.settings.json</c> (its ID-hash key, and a sign-in
/// issuer on this machine, i.e. the local provider whose dev grant mints any role) unless every Storage and Cosmos
/// endpoint is on this machine. It validates the storage, Cosmos, ID-hash and sign-in options, so every code path that
/// reaches a store, a secret or a token fails, and the
/// hosts fail at start (<c>ValidateOnStart</c>). It reads the settings itself rather than the other options, so no
/// options type waits on another.
/// </summary>
public sealed class LocalSecretsCheck(IConfiguration configuration)
    : IValidateOptions<StorageOptions>, IValidateOptions<CosmosOptions>, IValidateOptions<IdHashOptions>, IValidateOptions<SignInOptions>
{
    /// <summary>The ID-hash key of <c>functions/local.settings.json</c>: public, so it protects nothing.</summary>
    public const string DevelopmentIdHashKey = "bG9jYWwtZGV2LW9ubHktaWQtaGFzaC1rZXktbm90LWZvci1henVyZS0wMDAwMDA=";

    private readonly Lazy<string?> _failure = new(() => Check(configuration));

    public ValidateOptionsResult Validate(string? name, StorageOptions options) => Result();

    public ValidateOptionsResult Validate(string? name, CosmosOptions options) => Result();

    public ValidateOptionsResult Validate(string? name, IdHashOptions options) => Result();

    public ValidateOptionsResult Validate(string? name, SignInOptions options) => Result();

    /// <summary>The bilingual refusal when a development secret meets an endpoint off this machine; else null.</summary>
    public static string? Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secrets = new List<(string Zh, string En)>();
        if (configuration[$"{IdHashOptions.SectionName}:Key"]?.Trim() == DevelopmentIdHashKey)
        {
            secrets.Add(("本地开发用的身份证号哈希密钥 IdHash__Key", "the development ID-hash key IdHash__Key"));
        }

        var authority = configuration[$"{SignInOptions.SectionName}:Authority"];
        if (Uri.TryCreate(authority, UriKind.Absolute, out var issuer) && CosmosClientFactory.IsLoopback(issuer))
        {
            secrets.Add(($"本机的登录颁发方 SignIn__Authority = {issuer.GetLeftPart(UriPartial.Authority)}", $"the sign-in issuer on this machine SignIn__Authority = {issuer.GetLeftPart(UriPartial.Authority)}"));
        }

        if (secrets.Count == 0)
        {
            return null;
        }

        var remote = RemoteEndpoints(configuration).ToList();
        if (remote.Count == 0)
        {
            return null;
        }

        var where = string.Join(", ", remote);
        return $"{string.Join("、", secrets.Select(s => s.Zh))}是公开的本地设置，只能用于本机的存储和 Cosmos（127.0.0.1、localhost、[::1]），"
            + $"而当前连接的是 {where}。请在 Key Vault 中设置正式的 IdHash__Key，并把 SignIn__Authority 设为 Entra ID 租户，删除本地设置。 / "
            + $"Refused: {string.Join(" and ", secrets.Select(s => s.En))} from functions/local.settings.json are public and work only "
            + $"with loopback Storage and Cosmos endpoints, but these are not loopback: {where}. Set a real IdHash__Key (a Key Vault "
            + "reference) and SignIn__Authority (the Entra ID tenant), and remove the local ones.";
    }

    private ValidateOptionsResult Result() => _failure.Value is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;

    /// <summary>The Storage and Cosmos endpoints the settings name that are not on this machine (missing ones are the options' own error).</summary>
    private static IEnumerable<string> RemoteEndpoints(IConfiguration configuration)
    {
        var storage = new StorageOptions();
        CadrePipelineServiceCollectionExtensions.BindStorage(configuration, storage);
        var endpoints = new List<(string Setting, Uri? Uri)>();
        if (storage.ConnectionString is { } cs)
        {
            endpoints.Add(("CadreStorage (blob)", ParseOrNull(() => new BlobServiceClient(cs).Uri)));
            endpoints.Add(("CadreStorage (table)", ParseOrNull(() => new TableServiceClient(cs).Uri)));
        }

        endpoints.Add(("CadreStorage__blobServiceUri", storage.BlobServiceUri));
        endpoints.Add(("CadreStorage__tableServiceUri", storage.TableServiceUri));
        var cosmos = configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>();
        endpoints.Add(("Cosmos__AccountEndpoint", cosmos?.AccountEndpoint));

        foreach (var (setting, uri) in endpoints)
        {
            if (uri is not null && !CosmosClientFactory.IsLoopback(uri))
            {
                yield return $"{setting} = {uri.Scheme}://{uri.Authority}";
            }
        }
    }

    private static Uri? ParseOrNull(Func<Uri> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // A connection string the SDK cannot read: its own client reports that; here it counts as not loopback.
            return new Uri("https://unreadable-connection-string.invalid");
        }
    }
}
