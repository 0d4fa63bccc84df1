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
    /// Puts an ingest's people into its county's index for the form keys it made current, drops keys no longer
    /// current, and keeps the rest (another upload's, written by that upload). The blob is replaced under its ETag,
    /// so two uploads of one county at once both land. Returns the index as written.
    /// </summary>
    public async Task<PersonIndex> UpdateIndexAsync(CurrentFormsDocument current, IReadOnlyDictionary<string, Dictionary<string, PersonEntry>> people, CancellationToken cancellationToken)
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

            foreach (var (key, entries) in people)
            {
                if (entries.Count == 0)
                {
                    index.Forms.Remove(key);
                }
                else
                {
                    index.Forms[key] = entries;
                }
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

    /// <summary>
    /// Compares the submission's current people (in <paramref name="own"/>, its county's index) with the other
    /// counties'; adds the warnings to every report concerned and to the other submissions' ledger entries. Returns
    /// the number of warnings added to this submission's report: the caller adds them to its own entry.
    /// </summary>
    public async Task<int> CheckAsync(SubmissionDocument doc, PersonIndex own, CancellationToken cancellationToken)
    {

        var added = new Dictionary<string, (string County, List<Finding> Findings)>(StringComparer.Ordinal);
        foreach (var other in areas.Counties.Where(c => c.Code != doc.CountyCode))
        {
            var theirs = await ReadIndexAsync(other.Code, doc.Period, cancellationToken);
            if (theirs is null)
            {
                continue;
            }

            foreach (var (formKey, people) in own.Forms)
            {
                if (!theirs.Forms.TryGetValue(formKey, out var theirPeople))
                {
                    continue;
                }

                foreach (var (personKey, mine) in people.Where(p => p.Value.SubmissionId == doc.Id))
                {
                    if (theirPeople.TryGetValue(personKey, out var their))
                    {
                        Add(added, mine.SubmissionId, doc.CountyCode, Findings.PersonInOtherCounty(mine.Sheet, mine.Cell, mine.Row, mine.Masked, other.Code, their.FileName));
                        Add(added, their.SubmissionId, other.Code, Findings.PersonInOtherCounty(their.Sheet, their.Cell, their.Row, their.Masked, doc.CountyCode, mine.FileName));
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
