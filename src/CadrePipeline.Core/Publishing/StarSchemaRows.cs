using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace CadrePipeline.Core.Publishing;

// The six tables of output.md, one record per row, with exactly the documented columns in the documented order.
// Every number is a double (Parquet DOUBLE, Power BI "Decimal Number"), every count an int (INT32, "Whole Number"),
// and every time a UTC instant truncated to whole microseconds (the Parquet resolution), so that the Parquet, CSV
// and Azure Tables copies of a row carry exactly the same value. See docs/publishing.md.

/// <summary>One area: city, county, township or village.</summary>
/// <remarks>
/// <para><c>AreaCode</c>: GB/T 2260-style code: 6 digits (city, county), 9 (township) or 12 (village).</para>
/// <para><c>Level</c>: <c>city</c>, <c>county</c>, <c>township</c> or <c>village</c>.</para>
/// <para><c>ParentCode</c>: The parent area's code; null for the top area.</para>
/// <para><c>CountyCode</c>: The county the area lies in (a county's own code for a county); null above county level.</para>
/// </remarks>
public sealed record DimAreaRow(
    string AreaCode,
    string AreaName,
    string AreaNameEn,
    string Level,
    string? ParentCode,
    string? CountyCode,
    bool IsKeyVillage);

/// <summary>One indicator of the catalogue.</summary>
/// <remarks>
/// <para><c>Factor</c>: 100 for a percent, 1 for a count or sum.</para>
/// <para><c>TargetOperator</c>: The target comparison (<c>&gt;=</c>, <c>=</c>, …); null when the indicator has no target.</para>
/// </remarks>
public sealed record DimIndicatorRow(
    string IndicatorId,
    string NameZh,
    string NameEn,
    string Group,
    string Unit,
    double Factor,
    string? TargetOperator,
    double? TargetValue,
    string Definition);

/// <summary>One reporting period (a calendar year).</summary>
/// <remarks>
/// <para><c>Term</c>: The village-committee term (届) current in that year, if known.</para>
/// </remarks>
public sealed record DimPeriodRow(int Period, int Year, int? Term);

/// <summary>One indicator value for one area and period.</summary>
public sealed record FactIndicatorValueRow(
    string AreaCode,
    int Period,
    string IndicatorId,
    double? Value,
    double Numerator,
    double? Denominator,
    double? TargetValue,
    bool? MeetsTarget,
    double? PreviousValue,
    double? Change,
    DateTime ComputedAtUtc)
{
    /// <summary>When the value was computed (UTC, whole microseconds).</summary>
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds)]
    public DateTime ComputedAtUtc { get; init => field = UtcInstant.Normalize(value); } = UtcInstant.Normalize(ComputedAtUtc);
}

/// <summary>One upload of one form by one county.</summary>
/// <remarks><para>The explicit order keeps the Parquet columns in the documented order although two properties are declared in the body.</para></remarks>
public sealed record FactSubmissionRow(
    [property: JsonPropertyOrder(1)] string SubmissionId,
    [property: JsonPropertyOrder(2)] string CountyCode,
    [property: JsonPropertyOrder(3)] int Period,
    [property: JsonPropertyOrder(4)] string Form,
    string FileName,
    DateTime ReceivedAtUtc,
    [property: JsonPropertyOrder(7)] string Status,
    [property: JsonPropertyOrder(8)] int RowsRead,
    [property: JsonPropertyOrder(9)] int RowsAccepted,
    [property: JsonPropertyOrder(10)] int Errors,
    [property: JsonPropertyOrder(11)] int Warnings,
    [property: JsonPropertyOrder(12)] string? SupersededBy)
{
    /// <summary>The uploaded file's name, with anything that looks like a resident ID number masked (see <see cref="PersonalDataMask"/>).</summary>
    [JsonPropertyOrder(5)]
    public string FileName { get; init => field = PersonalDataMask.IdNumbers(value); } = PersonalDataMask.IdNumbers(FileName);

    /// <summary>When the upload arrived (UTC, whole microseconds).</summary>
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds)]
    [JsonPropertyOrder(6)]
    public DateTime ReceivedAtUtc { get; init => field = UtcInstant.Normalize(value); } = UtcInstant.Normalize(ReceivedAtUtc);
}

/// <summary>Whether a county submitted a form for a period, and on time.</summary>
public sealed record FactCompletenessRow(
    string CountyCode,
    int Period,
    string Form,
    bool Submitted,
    bool OnTime,
    DateTime? LastSubmissionAtUtc)
{
    /// <summary>The latest accepted upload of the form (UTC, whole microseconds); null when none.</summary>
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds)]
    public DateTime? LastSubmissionAtUtc { get; init => field = UtcInstant.Normalize(value); } = UtcInstant.Normalize(LastSubmissionAtUtc);
}

/// <summary>The one rule for published times: UTC, truncated to whole microseconds.</summary>
public static class UtcInstant
{
    /// <summary>
    /// A <see cref="DateTimeKind.Local"/> time is converted to UTC; an <see cref="DateTimeKind.Unspecified"/> one is taken
    /// to be UTC already. The result has <see cref="DateTimeKind.Utc"/> and no sub-microsecond ticks.
    /// </summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    /// <inheritdoc cref="Normalize(DateTime)"/>
    public static DateTime? Normalize(DateTime? value) => value is { } v ? Normalize(v) : null;
}
