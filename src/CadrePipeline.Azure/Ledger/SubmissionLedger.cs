using System.Net;
using CadrePipeline.Azure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Ledger;

/// <summary>Reads and writes the ledger and the current-forms pointer in the Cosmos container <c>submissions</c>.</summary>
public sealed class SubmissionLedger(CosmosStore store)
{
    public async Task<SubmissionDocument?> GetAsync(string submissionId, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var county = SubmissionIds.CountyOf(submissionId);
        if (county is null)
        {
            return null;
        }

        var (doc, _) = await store.TryReadAsync<SubmissionDocument>(store.Submissions, submissionId, county, cancellationToken);
        return doc;
    }

    /// <summary>An entry and its ETag (one point read).</summary>
    public async Task<(SubmissionDocument? Doc, string? ETag)> GetWithETagAsync(string submissionId, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var county = SubmissionIds.CountyOf(submissionId);
        return county is null ? (null, null) : await store.TryReadAsync<SubmissionDocument>(store.Submissions, submissionId, county, cancellationToken);
    }

    /// <summary>
    /// Saves an ingest run's view of its submission with one conditional write when the entry is still as read with
    /// <paramref name="etag"/> (null: not yet stored); when another run changed it meanwhile, falls back to
    /// <see cref="SaveAsync(SubmissionDocument, CancellationToken)"/>'s read-merge-write. Returns the new ETag.
    /// </summary>
    public async Task<string?> SaveAsync(SubmissionDocument doc, string? etag, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        doc.Pk = doc.CountyCode;
        doc.DeriveSupersededBy();
        try
        {
            var options = new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false };
            var r = etag is null
                ? await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(doc.Pk), options, ct), cancellationToken)
                : await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(doc, doc.Id, new PartitionKey(doc.Pk), options, ct), cancellationToken);
            return r.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            await SaveAsync(doc, cancellationToken);
            return null;
        }
    }

    /// <summary>
    /// Saves an ingest run's view of its own submission under an ETag condition, keeping the supersession marks that
    /// other runs may have written meanwhile (a later upload marks this one superseded while it is still running).
    /// </summary>
    public Task SaveAsync(SubmissionDocument doc, CancellationToken cancellationToken) =>
        UpdateAsync(doc.Id, doc.CountyCode, existing =>
        {
            if (existing is not null)
            {
                foreach (var f in doc.Forms)
                {
                    f.SupersededBy ??= existing.Forms.FirstOrDefault(e => e.FormKey == f.FormKey)?.SupersededBy;
                }

                foreach (var path in existing.DuplicateUploads.Where(p => !doc.DuplicateUploads.Contains(p)))
                {
                    doc.DuplicateUploads.Add(path);
                }
            }

            doc.DeriveSupersededBy();
            return doc;
        }, cancellationToken);

    /// <summary>Read-modify-write of one ledger entry under an ETag condition, retried on conflict.</summary>
    public async Task<SubmissionDocument> UpdateAsync(string id, string county, Func<SubmissionDocument?, SubmissionDocument> change, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var (existing, etag) = await store.TryReadAsync<SubmissionDocument>(store.Submissions, id, county, cancellationToken);
            var doc = change(existing);
            doc.Pk = doc.CountyCode;
            try
            {
                if (etag is null)
                {
                    await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(doc.Pk), cancellationToken: ct), cancellationToken);
                }
                else
                {
                    await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(doc, doc.Id, new PartitionKey(doc.Pk), new ItemRequestOptions { IfMatchEtag = etag }, ct), cancellationToken);
                }

                return doc;
            }
            catch (CosmosException ex) when (attempt < 20 && ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Another run changed the entry first, or our own write went through but its answer was lost and the
                // resilience layer repeated it: read it again and re-apply (the changes are idempotent).
            }
        }
    }

    /// <summary>
    /// Read-modify-write of an entry that exists (nothing happens when it does not), under an ETag condition, retried
    /// on conflict. One read and one write when nobody else writes it meanwhile.
    /// </summary>
    public async Task UpdateExistingAsync(string id, string county, Action<SubmissionDocument> change, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var (existing, etag) = await store.TryReadAsync<SubmissionDocument>(store.Submissions, id, county, cancellationToken);
            if (existing is null)
            {
                return;
            }

            change(existing);
            try
            {
                await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(existing, id, new PartitionKey(county), new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct), cancellationToken);
                return;
            }
            catch (CosmosException ex) when (attempt < 20 && ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // Changed meanwhile: read it again and re-apply (the change is idempotent).
            }
        }
    }

    /// <summary>The ledger of one county (single-partition query), newest first; optionally one period.</summary>
    public async Task<List<SubmissionDocument>> ListAsync(string county, int? period, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var filter = "c.type = 'submission'" + (period is null ? "" : " AND c.period = @period");
        var docs = await store.QueryPartitionAsync<SubmissionDocument>(store.Submissions, county, filter, cancellationToken, ("@period", period));
        return [.. docs.OrderByDescending(d => d.ReceivedAtUtc).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A county's whole ledger and its current-forms pointers of every period, in one single-partition query (what
    /// the publisher needs of a county).
    /// </summary>
    public async Task<(List<SubmissionDocument> Submissions, List<CurrentFormsDocument> Current)> ReadCountyAsync(string county, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var items = await store.QueryPartitionAsync<System.Text.Json.JsonElement>(store.Submissions, county, "c.type = 'submission' OR c.type = 'current'", cancellationToken);
        var submissions = new List<SubmissionDocument>();
        var current = new List<CurrentFormsDocument>();
        foreach (var item in items)
        {
            if (item.TryGetProperty("type", out var t) && t.GetString() == "current")
            {
                current.Add(System.Text.Json.JsonSerializer.Deserialize<CurrentFormsDocument>(item, CosmosJson.Options)!);
            }
            else
            {
                submissions.Add(System.Text.Json.JsonSerializer.Deserialize<SubmissionDocument>(item, CosmosJson.Options)!);
            }
        }

        return ([.. submissions.OrderByDescending(d => d.ReceivedAtUtc).ThenBy(d => d.Id, StringComparer.Ordinal)], current);
    }

    /// <summary>The periods for which any of <paramref name="counties"/> has current forms (one single-partition query per county).</summary>
    public async Task<IReadOnlyList<int>> ActivePeriodsAsync(IEnumerable<string> counties, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var periods = new SortedSet<int>();
        foreach (var county in counties)
        {
            var docs = await store.QueryPartitionAsync<CurrentFormsDocument>(store.Submissions, county, "c.type = 'current'", cancellationToken);
            periods.UnionWith(docs.Where(d => d.Forms.Count > 0).Select(d => d.Period));
        }

        return [.. periods];
    }

    public async Task<(CurrentFormsDocument Doc, string? ETag)> GetCurrentAsync(string county, int period, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var (doc, etag) = await store.TryReadAsync<CurrentFormsDocument>(store.Submissions, CurrentFormsDocument.IdFor(period), county, cancellationToken);
        return (doc ?? new CurrentFormsDocument { Id = CurrentFormsDocument.IdFor(period), Pk = county, CountyCode = county, Period = period }, etag);
    }

    /// <summary>
    /// Replaces the current-forms pointer if it is unchanged since it was read with <paramref name="etag"/> (created
    /// when null), with its version one higher. False when another upload changed it first.
    /// </summary>
    public async Task<bool> TryReplaceCurrentAsync(CurrentFormsDocument doc, string? etag, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        doc.Version++;
        try
        {
            var options = new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false };
            if (etag is null)
            {
                await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(doc.CountyCode), options, ct), cancellationToken);
            }
            else
            {
                await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(doc, doc.Id, new PartitionKey(doc.CountyCode), options, ct), cancellationToken);
            }

            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            doc.Version--;
            return false;
        }
    }
}

/// <summary>
/// Submission ids: <c>{county}-{period}-{first 16 hex of the content SHA-256}</c>. An upload under a path whose
/// county is not a known county code is filed under the county <c>unknown</c>.
/// </summary>
public static class SubmissionIds
{
    public const string UnknownCounty = "unknown";

    public static string For(string county, int period, string sha256Hex) => $"{county}-{period}-{sha256Hex[..16].ToLowerInvariant()}";

    public static string? CountyOf(string submissionId)
    {
        var dash = submissionId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? submissionId[..dash] : null;
    }
}
