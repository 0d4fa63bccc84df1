using System.Text.Json.Serialization;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Forms;

/// <summary>The type of a form column; each type has one parser and one normalized shape (see forms.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
public enum FieldType
{
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("bool")]
    Bool,

    [JsonStringEnumMemberName("int")]
    Int,

    [JsonStringEnumMemberName("decimal")]
    Decimal,

    [JsonStringEnumMemberName("date")]
    Date,

    [JsonStringEnumMemberName("enum")]
    Enum,

    [JsonStringEnumMemberName("area")]
    Area,

    [JsonStringEnumMemberName("idcard")]
    IdCard,
}

/// <summary>Which level an <see cref="FieldType.Area"/> column names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AreaFieldLevel>))]
public enum AreaFieldLevel
{
    [JsonStringEnumMemberName("county")]
    County,

    [JsonStringEnumMemberName("township")]
    Township,

    [JsonStringEnumMemberName("village")]
    Village,
}

/// <summary>One value of an enum column: its canonical code and the names a spreadsheet may use for it.</summary>
public sealed record EnumValue
{
    public required string Code { get; init; }

    /// <summary>Simplified names; Traditional spellings and letter case are matched after folding.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
}

/// <summary>
/// A generic rule on a field. <see cref="Kind"/> picks the check; the other members are its parameters:
/// <c>range</c> (Min/Max, exclusive flags), <c>notAfterPeriod</c>, <c>code</c> (Length, PrefixFields),
/// <c>agreesWithId</c>, <c>ageRange</c> (Min/Max, ReferenceYearField), <c>afterAge</c> (Years),
/// <c>notAboveField</c> (Field), <c>afterField</c> (Field), <c>implies</c> (Field), <c>year</c>.
/// </summary>
public sealed record FieldRule
{
    public required string Kind { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public bool MinExclusive { get; init; }

    public bool MaxExclusive { get; init; }

    public int? Length { get; init; }

    /// <summary>For <c>code</c>: the fields whose value must prefix this code; the first non-blank one is used.</summary>
    public IReadOnlyList<string> PrefixFields { get; init; } = [];

    public string? Field { get; init; }

    public int? Years { get; init; }

    public string? ReferenceYearField { get; init; }

    /// <summary>Error unless the forms spec says "else warning".</summary>
    public Severity Severity { get; init; } = Severity.Error;
}

/// <summary>Rows of one upload that share these fields are duplicates: the first is kept, later ones get <see cref="Code"/>.</summary>
public sealed record UniqueRule
{
    public required IReadOnlyList<string> Fields { get; init; }

    public string Code { get; init; } = "duplicate-row";
}

/// <summary>One column of a form.</summary>
public sealed record FieldDefinition
{
    public required string Id { get; init; }

    /// <summary>The Chinese header a template writes.</summary>
    [JsonPropertyName("header")]
    public required string HeaderZh { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public required FieldType Type { get; init; }

    public bool Required { get; init; }

    /// <summary>For <see cref="FieldType.Area"/>: the level named.</summary>
    public AreaFieldLevel? Level { get; init; }

    /// <summary>For <see cref="FieldType.Enum"/>: the accepted values.</summary>
    public IReadOnlyList<EnumValue> Values { get; init; } = [];

    /// <summary>For text: written value → canonical value (e.g. 回 → 回族).</summary>
    public IReadOnlyDictionary<string, string> Synonyms { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<FieldRule> Rules { get; init; } = [];

    /// <summary>Personal data (a name): validated but never stored in a record.</summary>
    public bool Personal { get; init; }

    /// <summary>True when the value never reaches <see cref="Records.NormalizedRecord.Fields"/>.</summary>
    public bool IsPersonal => Personal || Type == FieldType.IdCard;

    /// <summary>Every header this column is known by: the header, then the aliases.</summary>
    public IEnumerable<string> AllHeaders => Aliases.Prepend(HeaderZh);
}

/// <summary>One form: its id, title and columns. A form is data; one generic engine reads every form.</summary>
public sealed record FormDefinition
{
    public required string Id { get; init; }

    public required string TitleZh { get; init; }

    public string TitleEn { get; init; } = "";

    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    public IReadOnlyList<UniqueRule> Unique { get; init; } = [];

    /// <summary>
    /// The fields that split a county's submissions of this form into rosters that replace each other separately
    /// (village secretaries: the term, so a file holding only the 2018 term leaves the 2021 roster alone). Empty: one
    /// roster per county and period.
    /// </summary>
    public IReadOnlyList<string> SupersessionKey { get; init; } = [];

    public IEnumerable<FieldDefinition> RequiredFields => Fields.Where(f => f.Required);

    public FieldDefinition? Field(string id) => Fields.FirstOrDefault(f => f.Id == id);

    /// <summary>The ID-number column, when this is a roster of persons.</summary>
    public FieldDefinition? IdField => Fields.FirstOrDefault(f => f.Type == FieldType.IdCard);
}
