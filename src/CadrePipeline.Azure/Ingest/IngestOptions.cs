namespace CadrePipeline.Azure.Ingest;

/// <summary>Limits of the ingest service. Bound from the section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Uploads larger than this are rejected with a report without being read (default 50 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The earliest and latest period accepted in a path.</summary>
    public int MinPeriod { get; set; } = 2000;

    public int MaxPeriod { get; set; } = 2100;

    /// <summary>
    /// Attempts of one ingest by <see cref="IngestAttempts"/> (<c>cadre submit</c>, <c>replay</c>, <c>rebuild</c>),
    /// the same as the blob trigger's <c>poisonBlobThreshold</c> in host.json (default 5).
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The pause before the second attempt, doubled before each further one (default 1 s: 1 + 2 + 4 + 8 s).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
