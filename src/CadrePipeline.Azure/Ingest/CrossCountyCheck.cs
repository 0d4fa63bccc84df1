using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// "The same person found in another county's current submission is a warning on both" (forms.md). After a
/// submission is aggregated, its people are compared, form key by form key, with every other county's person index;
/// each match adds a <c>person-in-other-county</c> warning to both reports and both ledger entries. Idempotent: a
/// warning already in a report is not added again.
/// </summary>
/// <remarks>
/// It reads one small index blob per other county: fine for a province; a national deployment would keep the index in
/// a Cosmos container partitioned by person key and make this one point read per person.
/// </remarks>
public sealed class CrossCountyCheck(BlobServiceClient blobs, BlobLayout layout, SubmissionLedger ledger, AreaCatalog areas, TimeProvider time)
{
    public async Task<PersonIndex?> ReadIndexAsync(string county, int period, CancellationToken cancellationToken)
    {
        try
        {
            var r = await Curated.GetBlobClient(PersonIndex.PathFor(county, period)).DownloadContentAsync(cancellationToken);
            return r.Value.Content.ToObjectFromJson<PersonIndex>(CosmosJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Names this ingest's persons files in its county's index for the form keys it made current, drops keys no longer
    /// current, and keeps the rest (another upload's, written by that upload). The blob is replaced under its ETag,
    /// so two uploads of one county at once both land. Returns the index as written.
    /// </summary>
    public async Task<PersonIndex> UpdateIndexAsync(CurrentFormsDocument current, IReadOnlyDictionary<string, PersonFile> files, CancellationToken cancellationToken)
    {
        var blob = Curated.GetBlobClient(PersonIndex.PathFor(current.CountyCode, current.Period));
        for (var attempt = 0; ; attempt++)
        {
            PersonIndex index;
            global::Azure.ETag? etag = null;
            try
            {
                var r = await blob.DownloadContentAsync(cancellationToken);
                index = r.Value.Content.ToObjectFromJson<PersonIndex>(CosmosJson.Options) ?? new PersonIndex();
                etag = r.Value.Details.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                index = new PersonIndex();
            }

            foreach (var key in index.Forms.Keys.Where(k => !current.Forms.ContainsKey(k)).ToList())
            {
                index.Forms.Remove(key);
            }

            foreach (var (key, file) in files)
            {
                index.Forms[key] = file;
            }

            var conditions = etag is { } e
                ? new global::Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = e }
                : new global::Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = global::Azure.ETag.All };
            try
            {
                await blob.UploadAsync(BinaryData.FromObjectAsJson(index, CosmosJson.Options), new global::Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = conditions }, cancellationToken);
                return index;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 409 && attempt < 20)
            {
                // Another upload of the county wrote the index first: merge into its version.
            }
        }
    }

    /// <summary>The most matches reported per pair of counties and form key; the rest are not listed (docs/intake.md).</summary>
    public const int MaxMatchesPerForm = 1_000;

    /// <summary>
    /// Compares this submission's people (its local persons files per form key, <paramref name="ownFiles"/>) with the
    /// other counties' current ones, streamed; adds a warning to every report concerned and to the other submissions'
    /// ledger entries. Memory holds one 16-byte digest per own person. Returns the number of warnings added to this
    /// submission's report: the caller adds them to its own entry.
    /// </summary>
    public async Task<int> CheckAsync(SubmissionDocument doc, IReadOnlyDictionary<string, string> ownFiles, CancellationToken cancellationToken)
    {
        var added = new Dictionary<string, (string County, List<Finding> Findings)>(StringComparer.Ordinal);
        var own = new Dictionary<string, HashSet<UInt128>>(StringComparer.Ordinal);
        foreach (var (formKey, path) in ownFiles)
        {
            await using var s = File.OpenRead(path);
            own[formKey] = [.. PersonIndex.ReadLines(s).Select(e => PersonIndex.Digest(e.Key))];
        }

        if (own.Values.All(set => set.Count == 0))
        {
            return 0;
        }

        foreach (var other in areas.Counties.Where(c => c.Code != doc.CountyCode))
        {
            var theirs = await ReadIndexAsync(other.Code, doc.Period, cancellationToken);
            if (theirs is null)
            {
                continue;
            }

            foreach (var (formKey, mine) in own)
            {
                if (mine.Count == 0 || !theirs.Forms.TryGetValue(formKey, out var file) || string.IsNullOrEmpty(file?.Path))
                {
                    continue;
                }

                var matches = new Dictionary<UInt128, PersonEntry>();
                try
                {
                    await using var s = await Curated.GetBlobClient(file.Path).OpenReadAsync(cancellationToken: cancellationToken);
                    foreach (var their in PersonIndex.ReadLines(s))
                    {
                        if (mine.Contains(PersonIndex.Digest(their.Key)) && matches.Count < MaxMatchesPerForm)
                        {
                            matches.TryAdd(PersonIndex.Digest(their.Key), their);
                        }
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    continue; // replaced meanwhile: that county's next upload compares again
                }

                if (matches.Count == 0)
                {
                    continue;
                }

                await using var mineStream = File.OpenRead(ownFiles[formKey]);
                foreach (var m in PersonIndex.ReadLines(mineStream))
                {
                    if (matches.TryGetValue(PersonIndex.Digest(m.Key), out var their))
                    {
                        Add(added, doc.Id, doc.CountyCode, Findings.PersonInOtherCounty(m.Sheet, m.Cell, m.Row, m.Masked, other.Code, their.FileName));
                        Add(added, their.SubmissionId, other.Code, Findings.PersonInOtherCounty(their.Sheet, their.Cell, their.Row, their.Masked, doc.CountyCode, doc.FileName));
                    }
                }
            }
        }

        var ownAdded = 0;
        foreach (var (submissionId, (county, findings)) in added)
        {
            var n = await AddToReportAsync(submissionId, county, doc.Period, findings, cancellationToken);
            if (n > 0 && submissionId != doc.Id)
            {
                await ledger.UpdateExistingAsync(submissionId, county, d =>
                {
                    d.Warnings += n;
                    d.FindingCounts["person-in-other-county"] = d.FindingCounts.GetValueOrDefault("person-in-other-county") + n;
                    d.UpdatedAtUtc = time.GetUtcNow();
                }, cancellationToken);
            }

            if (submissionId == doc.Id)
            {
                ownAdded = n;
            }
        }

        return ownAdded;
    }

    private BlobContainerClient Curated => blobs.GetBlobContainerClient(layout.Options.CuratedContainer);

    private static void Add(Dictionary<string, (string County, List<Finding> Findings)> added, string submissionId, string county, Finding finding)
    {
        if (!added.TryGetValue(submissionId, out var entry))
        {
            added[submissionId] = entry = (county, []);
        }

        entry.Findings.Add(finding);
    }

    /// <summary>Adds the findings that the report does not hold yet to their sheets; returns how many were added.</summary>
    private async Task<int> AddToReportAsync(string submissionId, string county, int period, List<Finding> findings, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(layout.Options.ReportsContainer).GetBlobClient(BlobLayout.ReportPath(county, period, submissionId));
        for (var attempt = 0; ; attempt++)
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            var report = ValidationReport.FromJson(content.Value.Content.ToString());
            var n = 0;
            foreach (var f in findings)
            {
                var sheet = report.Sheets.FirstOrDefault(s => s.Sheet == f.Sheet);
                if (sheet is null || sheet.Findings.Any(x => x.Code == f.Code && x.Cell == f.Cell))
                {
                    continue;
                }

                sheet.Findings.Add(f);
                n++;
            }

            if (n == 0)
            {
                return 0;
            }

            try
            {
                await blob.UploadAsync(
                    BinaryData.FromString(report.ToJson()),
                    new global::Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = new global::Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = content.Value.Details.ETag } },
                    cancellationToken);
                return n;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // The report changed meanwhile (another county's check): read it again.
            }
        }
    }
}
