using System.Globalization;

namespace CadrePipeline.Core.Publishing;

/// <summary>
/// The six published tables: names, columns with their types, key order and Azure Tables keys. The manifest, the
/// files, the Tables and docs/powerbi.md all follow these definitions.
/// </summary>
public static class TableSchemaInfo
{
    /// <summary>
    /// The version of the published schema. Raise it when a column is added, removed, renamed or retyped, so that a
    /// reader can tell from manifest.json.
    /// </summary>
    public const int SchemaVersion = 1;

    /// <summary>The partition of the small dimension tables, which are read whole.</summary>
    public const string SinglePartition = "all";

    public static StarSchemaTable<DimAreaRow> DimArea { get; } = new(
        "DimArea",
        [
            (Str("AreaCode"), r => r.AreaCode),
            (Str("AreaName"), r => r.AreaName),
            (Str("AreaNameEn"), r => r.AreaNameEn),
            (Str("Level"), r => r.Level),
            (Str("ParentCode", nullable: true), r => r.ParentCode),
            (Str("CountyCode", nullable: true), r => r.CountyCode),
            (Bool("IsKeyVillage"), r => r.IsKeyVillage),
        ],
        s => s.DimArea,
        (a, b) => string.CompareOrdinal(a.AreaCode, b.AreaCode),
        r => r.AreaCode,
        r => CountyOf(r.CountyCode ?? r.AreaCode),
        r => r.AreaCode);

    public static StarSchemaTable<DimIndicatorRow> DimIndicator { get; } = new(
        "DimIndicator",
        [
            (Str("IndicatorId"), r => r.IndicatorId),
            (Str("NameZh"), r => r.NameZh),
            (Str("NameEn"), r => r.NameEn),
            (Str("Group"), r => r.Group),
            (Str("Unit"), r => r.Unit),
            (Dbl("Factor"), r => r.Factor),
            (Str("TargetOperator", nullable: true), r => r.TargetOperator),
            (Dbl("TargetValue", nullable: true), r => r.TargetValue),
            (Str("Definition"), r => r.Definition),
        ],
        s => s.DimIndicator,
        (a, b) => string.CompareOrdinal(a.IndicatorId, b.IndicatorId),
        r => r.IndicatorId,
        _ => SinglePartition,
        r => r.IndicatorId);

    public static StarSchemaTable<DimPeriodRow> DimPeriod { get; } = new(
        "DimPeriod",
        [
            (Int("Period"), r => r.Period),
            (Int("Year"), r => r.Year),
            (Int("Term", nullable: true), r => r.Term),
        ],
        s => s.DimPeriod,
        (a, b) => a.Period.CompareTo(b.Period),
        r => Num(r.Period),
        _ => SinglePartition,
        r => Num(r.Period));

    public static StarSchemaTable<FactIndicatorValueRow> FactIndicatorValue { get; } = new(
        "FactIndicatorValue",
        [
            (Str("AreaCode"), r => r.AreaCode),
            (Int("Period"), r => r.Period),
            (Str("IndicatorId"), r => r.IndicatorId),
            (Dbl("Value", nullable: true), r => r.Value),
            (Dbl("Numerator"), r => r.Numerator),
            (Dbl("Denominator", nullable: true), r => r.Denominator),
            (Dbl("TargetValue", nullable: true), r => r.TargetValue),
            (Bool("MeetsTarget", nullable: true), r => r.MeetsTarget),
            (Dbl("PreviousValue", nullable: true), r => r.PreviousValue),
            (Dbl("Change", nullable: true), r => r.Change),
            (Time("ComputedAtUtc"), r => r.ComputedAtUtc),
        ],
        s => s.FactIndicatorValue,
        (a, b) => Then(string.CompareOrdinal(a.AreaCode, b.AreaCode), a.Period.CompareTo(b.Period), string.CompareOrdinal(a.IndicatorId, b.IndicatorId)),
        r => $"{r.AreaCode}/{Num(r.Period)}/{r.IndicatorId}",
        r => $"{Num(r.Period)}_{CountyOf(r.AreaCode)}",
        r => $"{r.AreaCode}_{r.IndicatorId}");

    public static StarSchemaTable<FactSubmissionRow> FactSubmission { get; } = new(
        "FactSubmission",
        [
            (Str("SubmissionId"), r => r.SubmissionId),
            (Str("CountyCode"), r => r.CountyCode),
            (Int("Period"), r => r.Period),
            (Str("Form"), r => r.Form),
            (Str("FileName"), r => r.FileName),
            (Time("ReceivedAtUtc"), r => r.ReceivedAtUtc),
            (Str("Status"), r => r.Status),
            (Int("RowsRead"), r => r.RowsRead),
            (Int("RowsAccepted"), r => r.RowsAccepted),
            (Int("Errors"), r => r.Errors),
            (Int("Warnings"), r => r.Warnings),
            (Str("SupersededBy", nullable: true), r => r.SupersededBy),
        ],
        s => s.FactSubmission,
        (a, b) => string.CompareOrdinal(a.SubmissionId, b.SubmissionId),
        r => r.SubmissionId,
        r => $"{Num(r.Period)}_{r.CountyCode}",
        r => r.SubmissionId);

    public static StarSchemaTable<FactCompletenessRow> FactCompleteness { get; } = new(
        "FactCompleteness",
        [
            (Str("CountyCode"), r => r.CountyCode),
            (Int("Period"), r => r.Period),
            (Str("Form"), r => r.Form),
            (Bool("Submitted"), r => r.Submitted),
            (Bool("OnTime"), r => r.OnTime),
            (Time("LastSubmissionAtUtc", nullable: true), r => r.LastSubmissionAtUtc),
        ],
        s => s.FactCompleteness,
        (a, b) => Then(string.CompareOrdinal(a.CountyCode, b.CountyCode), a.Period.CompareTo(b.Period), string.CompareOrdinal(a.Form, b.Form)),
        r => $"{r.CountyCode}/{Num(r.Period)}/{r.Form}",
        r => Num(r.Period),
        r => $"{r.CountyCode}_{r.Form}");

    /// <summary>The six tables in publishing order: dimensions first, then facts.</summary>
    public static IReadOnlyList<StarSchemaTable> Tables { get; } =
        [DimArea, DimIndicator, DimPeriod, FactIndicatorValue, FactSubmission, FactCompleteness];

    /// <summary>The definition of the table whose rows are <typeparamref name="T"/>.</summary>
    public static StarSchemaTable<T> For<T>()
        where T : class =>
        Tables.OfType<StarSchemaTable<T>>().SingleOrDefault()
        ?? throw new ArgumentException($"{typeof(T).Name} is not a row type of the star schema");

    /// <summary>The manifest name of a column type: <c>string</c>, <c>int32</c>, <c>double</c>, <c>boolean</c>, <c>timestamp</c>.</summary>
    public static string TypeName(ColumnType type) => type.ToString().ToLowerInvariant();

    // The county an area lies in: the first six digits of its code (a city or county code is its own).
    private static string CountyOf(string areaCode) => areaCode.Length > 6 ? areaCode[..6] : areaCode;

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Then(int first, int second, int third) => first != 0 ? first : second != 0 ? second : third;

    private static StarSchemaColumn Str(string name, bool nullable = false) => new(name, ColumnType.String, nullable);

    private static StarSchemaColumn Int(string name, bool nullable = false) => new(name, ColumnType.Int32, nullable);

    private static StarSchemaColumn Dbl(string name, bool nullable = false) => new(name, ColumnType.Double, nullable);

    private static StarSchemaColumn Bool(string name, bool nullable = false) => new(name, ColumnType.Boolean, nullable);

    private static StarSchemaColumn Time(string name, bool nullable = false) => new(name, ColumnType.Timestamp, nullable);
}
