namespace CadrePipeline.Core.Records;

/// <summary>
/// One accepted, normalized row of a form. It carries no personal data: the ID number is
/// replaced by <see cref="PersonKey"/> (a keyed hash) and names are dropped.
/// </summary>
public sealed class NormalizedRecord
{
    /// <summary>Form id, e.g. <c>village-secretaries</c>.</summary>
    public required string Form { get; init; }

    /// <summary>The submitting county's 6-digit code.</summary>
    public required string CountyCode { get; init; }

    /// <summary>Where the row came from, for lineage: sheet name and 1-based Excel row.</summary>
    public string Sheet { get; init; } = "";

    /// <summary>1-based row number as the user sees it in Excel.</summary>
    public int Row { get; init; }

    /// <summary>Keyed hash of the ID number, when the form has one; otherwise null.</summary>
    public string? PersonKey { get; init; }

    /// <summary>The A1 cell of the ID number, so a later cross-county finding can point at it.</summary>
    public string? PersonCell { get; init; }

    /// <summary>The ID number masked to its first 6 and last 2 characters, as reports show it.</summary>
    public string? PersonMasked { get; init; }

    /// <summary>
    /// Canonical field id → normalized value. Values are <see cref="string"/>, <see cref="bool"/>,
    /// <see cref="decimal"/> (int and decimal fields), <see cref="DateOnly"/> or null.
    /// Personal fields (<c>name</c>, <c>idNumber</c>) are never present.
    /// </summary>
    public required IReadOnlyDictionary<string, object?> Fields { get; init; }

    public object? this[string field] => Fields.TryGetValue(field, out var v) ? v : null;

    public string? GetString(string field) => this[field] as string;

    public bool GetBool(string field) => this[field] is true;

    public decimal? GetDecimal(string field) => this[field] is decimal d ? d : null;

    public DateOnly? GetDate(string field) => this[field] is DateOnly d ? d : null;
}
