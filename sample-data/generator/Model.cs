namespace CadrePipeline.SampleData;

internal sealed record Township(string CountyCode, string Code, string Name, bool RelocationHeavy)
{
    public bool IsTown => Name.EndsWith('镇');
}

internal sealed record Village(Township Township, string Code, string Name, bool Key)
{
    public string CountyCode => Township.CountyCode;
}

internal sealed class CountyInfo(string code, string name, string shortName)
{
    public string Code { get; } = code;

    public string Name { get; } = name;

    public string ShortName { get; } = shortName;

    public List<Township> Townships { get; } = [];

    public List<Village> Villages { get; } = [];
}

/// <summary>A cell value written literally, whatever the column type (used for deliberately bad values).</summary>
internal sealed record Raw(string Text);

/// <summary>What the validator is expected to say about a row: a rejected row (error) or a kept row (warning).</summary>
internal sealed record Expectation(string Code, string Severity, string Field, string Reason);

/// <summary>One row of a form before it is written: canonical field values, the person, and an expectation.</summary>
internal sealed class Rec
{
    public Dictionary<string, object?> F { get; } = new(StringComparer.Ordinal);

    public Person? P { get; set; }

    public Expectation? Expect { get; set; }

    public object? this[string field]
    {
        get => F.GetValueOrDefault(field);
        set => F[field] = value;
    }

    public static Rec At(Village v, Person? p = null)
    {
        var r = new Rec { P = p };
        r["county"] = v.CountyCode;
        r["township"] = v.Township;
        r["village"] = v;
        return r;
    }

    public static Rec At(Township t, Person? p = null)
    {
        var r = new Rec { P = p };
        r["county"] = t.CountyCode;
        r["township"] = t;
        return r;
    }
}

/// <summary>All rows of one county, per form key (village secretaries are keyed per term).</summary>
internal sealed class CountyData(CountyInfo info)
{
    public CountyInfo Info { get; } = info;

    public Dictionary<string, List<Rec>> Rows { get; } = new(StringComparer.Ordinal);

    public List<Rec> this[string key]
    {
        get
        {
            if (!Rows.TryGetValue(key, out var list))
            {
                Rows[key] = list = [];
            }

            return list;
        }
    }
}
