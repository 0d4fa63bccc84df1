using Azure.Storage.Blobs;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Records;
using Microsoft.Extensions.Logging;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// Computes a county's additive partials (county and townships) from all of its current accepted records, whatever
/// the order in which its forms arrived, and stores them as one <see cref="PartialsDocument"/>. The records are
/// streamed from local copies of the curated blobs, so memory holds sums, not rows.
/// </summary>
public sealed class CountyAggregator(
    BlobServiceClient blobs,
    BlobLayout layout,
    SubmissionLedger ledger,
    IndicatorStore indicators,
    IndicatorEngine engine,
    FormCatalog forms,
    TimeProvider time,
    ILogger<CountyAggregator> logger)
{
    // The form whose accepted upload is the county's village register, as forms.json declares it.
    private string AreasForm => forms.RegisterFormId ?? "areas";

    /// <summary>The county's current village register for the period (empty when none was accepted).</summary>
    public async Task<VillageRegister> LoadRegisterAsync(string county, int period, CancellationToken cancellationToken)
    {
        var (current, _) = await ledger.GetCurrentAsync(county, period, cancellationToken);
        return await LoadRegisterAsync(current, cancellationToken);
    }

    /// <summary>The village register of a current-forms pointer already read.</summary>
    public async Task<VillageRegister> LoadRegisterAsync(CurrentFormsDocument current, CancellationToken cancellationToken)
    {
        if (!current.Forms.TryGetValue(AreasForm, out var f))
        {
            return VillageRegister.Empty(current.CountyCode);
        }

        var blob = blobs.GetBlobContainerClient(layout.Options.CuratedContainer).GetBlobClient(f.CuratedPath);
        await using var s = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        return VillageRegister.FromRecords(current.CountyCode, NormalizedRecordJson.Read(s, forms));
    }

    /// <summary>
    /// Recomputes and stores the partials of the county's current forms as <paramref name="current"/> lists them, unless
    /// a document computed from the same or a later pointer version is already stored (a concurrent upload of the
    /// same county got there first): the write is conditional on the document's ETag, so the last pointer version
    /// always wins. <paramref name="localFiles"/> holds JSON Lines copies of some form keys' records already on disk
    /// (the upload's own); the others are downloaded. Returns false when it left the stored document alone.
    /// </summary>
    public async Task<bool> StoreAsync(CurrentFormsDocument current, IReadOnlyDictionary<string, string> localFiles, CancellationToken cancellationToken)
    {
        var county = current.CountyCode;
        var (stored, etag) = await indicators.ReadAsync(county, current.Period, cancellationToken);
        if (stored is not null && stored.SourceVersion >= current.Version)
        {
            return false;
        }

        using var temp = new TempFolder();
        var files = new Dictionary<string, string>(localFiles, StringComparer.Ordinal);
        var curated = blobs.GetBlobContainerClient(layout.Options.CuratedContainer);
        await Task.WhenAll(current.Forms.Where(kv => !files.ContainsKey(kv.Key)).Select(async kv =>
        {
            var path = temp.NewFile();
            await curated.GetBlobClient(kv.Value.CuratedPath).DownloadToAsync(path, transferOptions: IngestService.Transfer, cancellationToken: cancellationToken);
            lock (files)
            {
                files[kv.Key] = path;
            }
        }));

        var doc = Compute(current, files);
        for (var attempt = 0; ; attempt++)
        {
            if (await indicators.TryWriteAsync(doc, etag, cancellationToken))
            {
                Log.Recomputed(logger, county, current.Period, doc.Children.Count + 1);
                return true;
            }

            (stored, etag) = await indicators.ReadAsync(county, current.Period, cancellationToken);
            if ((stored is not null && stored.SourceVersion >= current.Version) || attempt >= 20)
            {
                return false;
            }
        }
    }

    /// <summary>The county's document from its current forms' records (a pure computation over local files).</summary>
    private PartialsDocument Compute(CurrentFormsDocument current, IReadOnlyDictionary<string, string> files)
    {
        var county = current.CountyCode;
        var keysByForm = current.Forms.Keys
            .GroupBy(FormKeys.FormOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        IEnumerable<NormalizedRecord> RowsOf(string form)
        {
            foreach (var key in keysByForm.GetValueOrDefault(form) ?? [])
            {
                using var s = File.OpenRead(files[key]);
                foreach (var r in NormalizedRecordJson.ReadLines(s, forms))
                {
                    yield return r;
                }
            }
        }

        var register = keysByForm.ContainsKey(AreasForm)
            ? VillageRegister.FromRecords(county, [.. RowsOf(AreasForm)])
            : VillageRegister.Empty(county);
        var partials = engine.ComputePartials(county, current.Period, RowsOf, register);
        var parent = indicators.ParentOf(county);
        return new PartialsDocument
        {
            Id = PartialsDocument.IdFor(county, current.Period),
            Pk = PartialsDocument.PkFor(current.Period, parent),
            AreaCode = county,
            ParentCode = parent,
            Level = "county",
            Period = current.Period,
            SourceVersion = current.Version,
            Sources = [.. current.Forms.Values.Select(f => f.SubmissionId).Distinct().Order(StringComparer.Ordinal)],
            ComputedAtUtc = time.GetUtcNow(),
            Partials = [.. partials.Where(p => p.AreaCode == county).Select(PartialEntry.From)],
            Children = [.. partials.Where(p => p.AreaCode != county)
                .GroupBy(p => p.AreaCode, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChildPartials { AreaCode = g.Key, Partials = [.. g.Select(PartialEntry.From)] })],
        };
    }
}

/// <summary>A private temporary directory, deleted with everything in it when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    private int _next;

    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cadre-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string NewFile() => System.IO.Path.Combine(Path, Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
