using System.Text.Json;

namespace CadrePipeline.Core.Forms;

/// <summary>Every form the pipeline reads, loaded from data (the embedded <c>forms.json</c> by default).</summary>
public sealed class FormCatalog
{
    // Declared before Default: static fields initialise in order.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public FormCatalog(IEnumerable<FormDefinition> forms)
    {
        Forms = forms.ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Forms)
        {
            if (!ids.Add(f.Id))
            {
                throw new InvalidDataException($"form '{f.Id}' is defined twice");
            }
        }
    }

    /// <summary>The forms of <c>forms.md</c>.</summary>
    public static FormCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyList<FormDefinition> Forms { get; }

    public FormDefinition? Find(string id) => Forms.FirstOrDefault(f => f.Id == id);

    /// <summary>Loads a catalogue from JSON of the shape of the embedded <c>forms.json</c>.</summary>
    public static FormCatalog Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<FormFile>(json, JsonOptions) ?? throw new InvalidDataException("empty forms file");
        return new FormCatalog(file.Forms);
    }

    private static FormCatalog LoadEmbedded()
    {
        using var stream = typeof(FormCatalog).Assembly.GetManifestResourceStream("CadrePipeline.Core.Forms.forms.json")
            ?? throw new InvalidOperationException("forms.json resource missing");
        return Load(stream);
    }

    private sealed record FormFile(List<FormDefinition> Forms);
}
