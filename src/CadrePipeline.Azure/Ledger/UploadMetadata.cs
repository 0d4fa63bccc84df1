namespace CadrePipeline.Azure.Ledger;

/// <summary>
/// Blob metadata the upload API sets on a submission, percent-encoded (metadata must be ASCII), and the ingest copies
/// into the ledger (<see cref="SubmissionDocument.SubmittedBy"/>, <see cref="SubmissionDocument.SubmittedRole"/>).
/// A stable id (<c>oid</c>/<c>sub</c>) and a role: never a name or an e-mail address.
/// </summary>
public static class UploadMetadata
{
    public const string UploadedBy = "uploadedby";

    public const string UploadedRole = "uploadedrole";

    /// <summary>The decoded value of <paramref name="name"/>, or null when the blob has none (uploaded by <c>cadre submit</c> or by hand).</summary>
    public static string? Read(IDictionary<string, string> metadata, string name)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? Uri.UnescapeDataString(v) : null;
    }
}
