using CadrePipeline.Azure.Hosting;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Storage;

/// <summary>Where each kind of blob lives. One place, so the layout documented in docs/storage.md is the code's.</summary>
public sealed class BlobLayout(IOptions<StorageOptions> options)
{
    public StorageOptions Options => options.Value;

    public static string SubmissionPath(string county, int period, string fileName) => $"{county}/{period}/{fileName}";

    public static string ReportPath(string county, int period, string submissionId) => $"{county}/{period}/{submissionId}.json";

    /// <summary>
    /// Curated records of one form key of one submission: <c>{county}/{period}/{formKey}/{submissionId}.jsonl</c>,
    /// where the form key is the form id, and for village secretaries <c>village-secretaries@{term}</c>.
    /// </summary>
    public static string CuratedPath(string county, int period, string formKey, string submissionId) =>
        $"{county}/{period}/{formKey.Replace('@', '/')}/{submissionId}.jsonl";
}
