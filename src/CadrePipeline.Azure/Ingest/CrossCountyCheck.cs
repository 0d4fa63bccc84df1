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

    public Task WriteIndexAsync(string county, int period, PersonIndex index, CancellationToken cancellationToken) =>
        Curated.GetBlobClient(PersonIndex.PathFor(county, period)).UploadAsync(BinaryData.FromObjectAsJson(index, CosmosJson.Options), overwrite: true, cancellationToken);

    /// <summary>Compares the submission's current people with the other counties'; returns the number of warnings added to it.</summary>
    public async Task<int> CheckAsync(SubmissionDocument doc, CancellationToken cancellationToken)
    {
        var own = await ReadIndexAsync(doc.CountyCode, doc.Period, cancellationToken);
        if (own is null)
        {
            return 0;
        }

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
            if (n > 0)
            {
                await ledger.UpdateAsync(submissionId, county, d =>
                {
                    d!.Warnings += n;
                    d.FindingCounts["person-in-other-county"] = d.FindingCounts.GetValueOrDefault("person-in-other-county") + n;
                    d.UpdatedAtUtc = time.GetUtcNow();
                    return d;
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
