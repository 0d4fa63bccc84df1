using System.Text.Json;
using System.Text.Json.Serialization;

namespace CadrePipeline.Core.Reports;

/// <summary>Severity of a finding: an error rejects the row (or the file); a warning keeps it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("warning")]
    Warning,
}

/// <summary>One problem found in a file, sheet or cell. Built by small factory methods, never assembled at the call site.</summary>
public sealed record Finding
{
    public required string Code { get; init; }

    public required Severity Severity { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sheet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cell { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Row { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    /// <summary>The offending value as the user wrote it; an ID number is masked to its first 6 and last 2 characters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }

    public required string Message { get; init; }

    public required string MessageEn { get; init; }
}

/// <summary>What was found in one sheet.</summary>
public sealed record SheetReport
{
    public required string Sheet { get; init; }

    /// <summary>The recognised form id, or null when the sheet matched no form.</summary>
    public string? Form { get; init; }

    /// <summary>1-based row of the (lower) header row; 0 when no header was found.</summary>
    public int HeaderRow { get; init; }

    public int RowsRead { get; init; }

    public int RowsAccepted { get; init; }

    public List<Finding> Findings { get; init; } = [];
}

/// <summary>The one report shape of <c>validation-report.md</c>. Fields may be added; none may be renamed or removed.</summary>
public sealed record ValidationReport
{
    public int SchemaVersion { get; init; } = 1;

    public required string File { get; init; }

    public required string County { get; init; }

    public required int Period { get; init; }

    public string Sha256 { get; init; } = "";

    public bool Valid => FileFindings.All(f => f.Severity != Severity.Error)
        && Sheets.All(s => s.Findings.All(f => f.Severity != Severity.Error));

    public List<Finding> FileFindings { get; init; } = [];

    public List<SheetReport> Sheets { get; init; } = [];

    public int ErrorCount => FileFindings.Count(f => f.Severity == Severity.Error)
        + Sheets.Sum(s => s.Findings.Count(f => f.Severity == Severity.Error));

    public int WarningCount => FileFindings.Count(f => f.Severity == Severity.Warning)
        + Sheets.Sum(s => s.Findings.Count(f => f.Severity == Severity.Warning));

    /// <summary>Serializer options that produce the documented JSON (camelCase, Chinese unescaped).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ValidationReport FromJson(string json) =>
        JsonSerializer.Deserialize<ValidationReport>(json, JsonOptions) ?? throw new InvalidDataException("empty report");
}
