using System.Text.Json.Serialization;

namespace CadrePipeline.Azure.Ledger;

/// <summary>Where a submission is in its life: received → validated/rejected → aggregated, or failed (replayable).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubmissionStatus>))]
public enum SubmissionStatus
{
    [JsonStringEnumMemberName("received")]
    Received,

    [JsonStringEnumMemberName("validated")]
    Validated,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("aggregated")]
    Aggregated,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// One upload in the ledger (Cosmos container <c>submissions</c>, pk = county code). The id is derived from the
/// county, period and content hash, so the same bytes uploaded again land on the same entry.
/// </summary>
public sealed class SubmissionDocument
{
    public string Id { get; set; } = "";

    public string Pk { get; set; } = "";

    public string Type { get; set; } = "submission";

    public string CountyCode { get; set; } = "";

    public int Period { get; set; }

    public string FileName { get; set; } = "";

    public string BlobPath { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long SizeBytes { get; set; }

    public DateTimeOffset ReceivedAtUtc { get; set; }

    /// <summary>The stable id (<c>oid</c>/<c>sub</c>) of who uploaded it through the API; null for <c>cadre submit</c>. Never a name.</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>The uploader's role (<c>county-clerk</c>, <c>county-approver</c>); null with <see cref="SubmittedBy"/>.</summary>
    public string? SubmittedRole { get; set; }

    public SubmissionStatus Status { get; set; }

    public int RowsRead { get; set; }

    public int RowsAccepted { get; set; }

    public int Errors { get; set; }

    public int Warnings { get; set; }

    /// <summary>Finding code → count, the findings summary. The full report is in <see cref="ReportPath"/>.</summary>
    public Dictionary<string, int> FindingCounts { get; set; } = [];

    public List<SubmittedForm> Forms { get; set; } = [];

    /// <summary>Set when every form of this submission has been replaced by later ones: the id of the last replacing submission.</summary>
    public string? SupersededBy { get; set; }

    /// <summary>Sets <see cref="SupersededBy"/> from the forms: the largest replacing id once every form is replaced, else null.</summary>
    public void DeriveSupersededBy() =>
        SupersededBy = Forms.Count > 0 && Forms.All(f => f.SupersededBy is not null)
            ? Forms.Select(f => f.SupersededBy).Max(StringComparer.Ordinal)
            : null;

    public string ReportPath { get; set; } = "";

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>Other blob paths that carried exactly these bytes (re-uploads); they changed nothing.</summary>
    public List<string> DuplicateUploads { get; set; } = [];

    public DateTimeOffset UpdatedAtUtc { get; set; }
}

/// <summary>One form (and term, for village secretaries) that a submission delivered.</summary>
public sealed class SubmittedForm
{
    public string Form { get; set; } = "";

    /// <summary>The supersession key: the form id, or <c>village-secretaries@{term}</c>.</summary>
    public string FormKey { get; set; } = "";

    public int? Term { get; set; }

    public List<string> Sheets { get; set; } = [];

    public int RowsAccepted { get; set; }

    public string CuratedPath { get; set; } = "";

    public string? SupersededBy { get; set; }
}

/// <summary>
/// The county's current accepted submission per form key for one period (id <c>current:{period}</c>, pk = county).
/// Changed only with an ETag condition, so two uploads of one county never lose each other's update.
/// </summary>
public sealed class CurrentFormsDocument
{
    public string Id { get; set; } = "";

    public string Pk { get; set; } = "";

    public string Type { get; set; } = "current";

    public string CountyCode { get; set; } = "";

    public int Period { get; set; }

    /// <summary>Incremented on every change; partials record the version they were computed from.</summary>
    public long Version { get; set; }

    public Dictionary<string, CurrentForm> Forms { get; set; } = [];

    public static string IdFor(int period) => $"current:{period}";
}

public sealed class CurrentForm
{
    public string SubmissionId { get; set; } = "";

    public string FileName { get; set; } = "";

    public DateTimeOffset ReceivedAtUtc { get; set; }

    public string CuratedPath { get; set; } = "";

    public int RowsAccepted { get; set; }
}
