namespace CadrePipeline.Azure.Ingest;

/// <summary>Where one person (by keyed hash) appears in a county's current records.</summary>
public sealed record PersonEntry(string SubmissionId, string FileName, string Sheet, string Cell, int Row, string? Masked);

/// <summary>
/// A county's current people per form key (<c>personKey → where</c>), stored beside its curated records as
/// <c>curated/{county}/{period}/persons.json</c>. It holds only keyed hashes and masked values, never an ID number.
/// </summary>
public sealed class PersonIndex
{
    public Dictionary<string, Dictionary<string, PersonEntry>> Forms { get; set; } = [];

    public static string PathFor(string county, int period) => $"{county}/{period}/persons.json";
}
