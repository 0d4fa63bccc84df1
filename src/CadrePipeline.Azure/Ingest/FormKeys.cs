using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Azure.Ingest;

/// <summary>The ledger's form keys: <see cref="SupersessionKeys"/> of the Core, driven by forms.json <c>supersessionKey</c>.</summary>
public static class FormKeys
{
    /// <inheritdoc cref="SupersessionKeys.PartsOf"/>
    public static IReadOnlyList<string>? PartsOf(FormDefinition? form, NormalizedRecord record) => SupersessionKeys.PartsOf(form, record);

    /// <inheritdoc cref="SupersessionKeys.TermOf"/>
    public static int? TermOf(IReadOnlyList<string>? parts) => SupersessionKeys.TermOf(parts);

    /// <inheritdoc cref="SupersessionKeys.For"/>
    public static string For(string form, IReadOnlyList<string>? parts) => SupersessionKeys.For(form, parts);

    /// <inheritdoc cref="SupersessionKeys.FormOf"/>
    public static string FormOf(string formKey) => SupersessionKeys.FormOf(formKey);
}
