using System.ComponentModel.DataAnnotations;

namespace CadrePipeline.Azure.Publishing;

/// <summary>How the Power BI snapshot is published. Bound from the section <c>Publish</c>.</summary>
public sealed class PublishOptions
{
    public const string SectionName = "Publish";

    /// <summary>How many snapshot folders to keep under <c>snapshots/</c>, newest first (default 10, at least 1).</summary>
    [Range(1, 10_000)]
    public int KeepSnapshots { get; set; } = 10;

    /// <summary>How many Azure Table transactions (each ≤ 100 entities of one partition) run at once (default 4).</summary>
    [Range(1, 64)]
    public int TableParallelism { get; set; } = 4;

    /// <summary>
    /// Skip a publication whose files would be byte-identical to those the root <c>manifest.json</c> names (default
    /// true): a timer tick with nothing new writes nothing.
    /// </summary>
    public bool SkipUnchanged { get; set; } = true;
}
