using System.Text.Json;

namespace CadrePipeline.Core.Forms;

/// <summary>Every form the pipeline reads, loaded from data (the embedded <c>forms.json</c> by default).</summary>
public sealed class FormCatalog
{
    // Declared before Default: static fields initialise in order.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Builds a catalogue and checks it: ids unique, every field named by a key or rule defined, every rule kind known.
    /// <paramref name="headerSynonyms"/> maps a header to more wordings of it, added to every field of every form whose
    /// header it is. <paramref name="registerForm"/> is the form whose accepted upload is a county's village register.
    /// </summary>
    /// <exception cref="InvalidDataException">The catalogue names a field, form or rule kind it does not define.</exception>
    public FormCatalog(IEnumerable<FormDefinition> forms, IReadOnlyDictionary<string, IReadOnlyList<string>>? headerSynonyms = null, string? registerForm = null)
    {
        HeaderSynonyms = headerSynonyms ?? new Dictionary<string, IReadOnlyList<string>>();
        Forms = forms.Select(f => WithSynonyms(f, HeaderSynonyms)).ToList();
        RegisterFormId = registerForm;
        FormCatalogValidator.Validate(this);
    }

    /// <summary>Header → more wordings of it, shared by every form (forms.json <c>headerSynonyms</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HeaderSynonyms { get; }

    /// <summary>The id of the form whose accepted upload is a county's village register (forms.json <c>registerForm</c>), if any.</summary>
    public string? RegisterFormId { get; }

    /// <summary>The register form, if the catalogue declares one.</summary>
    public FormDefinition? RegisterForm => RegisterFormId is null ? null : Find(RegisterFormId);

    private static FormDefinition WithSynonyms(FormDefinition form, IReadOnlyDictionary<string, IReadOnlyList<string>> synonyms)
    {
        if (synonyms.Count == 0)
        {
            return form;
        }

        return form with
        {
            Fields = form.Fields
                .Select(f => synonyms.TryGetValue(f.HeaderZh, out var more)
                    ? f with { Aliases = f.Aliases.Concat(more.Where(m => m != f.HeaderZh)).Distinct(StringComparer.Ordinal).ToList() }
                    : f)
                .ToList(),
        };
    }

    /// <summary>The forms of <c>forms.md</c>.</summary>
    public static FormCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyList<FormDefinition> Forms { get; }

    public FormDefinition? Find(string id) => Forms.FirstOrDefault(f => f.Id == id);

    /// <summary>Loads a catalogue from JSON of the shape of the embedded <c>forms.json</c>.</summary>
    public static FormCatalog Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<FormFile>(json, JsonOptions) ?? throw new InvalidDataException("empty forms file");
        return new FormCatalog(file.Forms ?? throw new InvalidDataException("the forms file has no forms"), file.HeaderSynonyms, file.RegisterForm);
    }

    private static FormCatalog LoadEmbedded()
    {
        using var stream = typeof(FormCatalog).Assembly.GetManifestResourceStream("CadrePipeline.Core.Forms.forms.json")
            ?? throw new InvalidOperationException("forms.json resource missing");
        return Load(stream);
    }

    private sealed record FormFile(List<FormDefinition>? Forms, Dictionary<string, IReadOnlyList<string>>? HeaderSynonyms, string? RegisterForm);
}
