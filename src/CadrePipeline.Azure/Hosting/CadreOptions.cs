using System.ComponentModel.DataAnnotations;

namespace CadrePipeline.Azure.Hosting;

/// <summary>
/// Where the pipeline's storage account is. Locally a connection string (<c>UseDevelopmentStorage=true</c>);
/// in Azure the identity-based settings <c>CadreStorage__blobServiceUri</c> / <c>__tableServiceUri</c>.
/// Bound from the configuration section <c>CadreStorage</c> (or the plain connection-string setting of that name).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "CadreStorage";

    /// <summary>A connection string, for Azurite and local use only.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Identity-based: the blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c>.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Identity-based: the table endpoint, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Where counties upload: <c>{container}/{county}/{period}/{file}</c>. The blob trigger's path names it too.</summary>
    public string SubmissionsContainer { get; set; } = "submissions";

    /// <summary>Validation reports, beside each upload: <c>reports/{county}/{period}/{submissionId}.json</c>.</summary>
    public string ReportsContainer { get; set; } = "reports";

    /// <summary>Accepted, normalized records without personal data: <c>curated/{county}/{period}/{form}/…</c>.</summary>
    public string CuratedContainer { get; set; } = "curated";

    /// <summary>The published Power BI files: <c>powerbi/latest/</c> and <c>powerbi/snapshots/{timestamp}/</c>.</summary>
    public string PowerBiContainer { get; set; } = "powerbi";

    /// <summary>Prefix of every Azure Table name (empty in production; tests use a unique prefix).</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>
    /// Retries of one Storage call by the Azure SDK (transient status codes such as 503 ServerBusy, timeouts and
    /// dropped connections; it honours <c>retry-after</c>). Default 5, after the first attempt.
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The SDK's first retry delay, doubled each time (default 0.8 s, the SDK's own).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);
}

/// <summary>The Cosmos DB account. Bound from the section <c>Cosmos</c>.</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Cosmos";

    [Required]
    public Uri? AccountEndpoint { get; set; }

    /// <summary>An account key, for the local Cosmos-compatible server or emulator only. In Azure leave it empty: managed identity is used.</summary>
    public string? AccountKey { get; set; }

    [Required]
    public string Database { get; set; } = "cadre";

    public string IndicatorsContainer { get; set; } = "indicators";

    public string SubmissionsContainer { get; set; } = "submissions";

    /// <summary>
    /// Trust the self-signed certificate of a local server. Honoured only when <see cref="AccountEndpoint"/> is a
    /// loopback address; ignored for any other host.
    /// </summary>
    public bool TrustLocalCertificate { get; set; }

    /// <summary>
    /// Use the SDK's bulk execution for many writes. On in Azure; off for the local Cosmos-compatible server,
    /// which does not implement the batch API that bulk mode sends.
    /// </summary>
    public bool BulkExecution { get; set; }

    /// <summary>Create the database and containers when missing (local stack and tests; in Azure the Bicep template creates them).</summary>
    public bool CreateIfNotExists { get; set; } = true;
}

/// <summary>The secret key of the ID-number hash. Bound from the section <c>IdHash</c>; in Azure a Key Vault reference.</summary>
public sealed class IdHashOptions
{
    public const string SectionName = "IdHash";

    /// <summary>Base64 key, at least 32 bytes.</summary>
    [Required]
    [MinLength(44)]
    public string Key { get; set; } = "";
}
