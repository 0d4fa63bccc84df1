using CadrePipeline.Core.Records;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// The supersession key of a form: the form id, and for village secretaries also the term, so that a file holding
/// only the 2018 term replaces the 2018 roster and leaves the 2021 roster alone.
/// </summary>
public static class FormKeys
{
    public const string VillageSecretaries = "village-secretaries";

    public static int? TermOf(string form, NormalizedRecord record) =>
        form == VillageSecretaries && record.GetDecimal("term") is { } t ? (int)t : null;

    public static string For(string form, int? term) => term is null ? form : $"{form}@{term}";

    public static string FormOf(string formKey)
    {
        var at = formKey.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? formKey : formKey[..at];
    }
}
