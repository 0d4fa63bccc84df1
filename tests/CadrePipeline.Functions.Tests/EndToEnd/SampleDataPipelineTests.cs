using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Areas;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Functions.Tests.EndToEnd;

/// <summary>
/// The whole pipeline on the shipped sample data, through the function classes resolved with the app's DI and the
/// real Azurite and Cosmos server behind them: blob trigger for every file, HTTP recalculation, then the published
/// Power BI files read back with DuckDB (an independent reader) and the Azure Tables.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SampleDataPipelineTests(LocalStackFixture stack)
{
    /// <summary>The bold reference figures of indicators.md, typed from the spec.</summary>
    private static readonly Dictionary<string, decimal> Reference = new()
    {
        ["TL03"] = 3m, ["TL04"] = 61m, ["TL05"] = 100m, ["TL06"] = 8m, ["TL07"] = 25m, ["TL08"] = 78m,
        ["VS01"] = 497m, ["VS03"] = -1.5m, ["VS05"] = 25.0m, ["VS07"] = 34.6m, ["VS08"] = 54.7m, ["VS09"] = 18m, ["VS10"] = 146m,
        ["RC01"] = 510m, ["RC02"] = 100m, ["SG01"] = 285m, ["SG02"] = 100m,
        ["PD01"] = 100m, ["PD02"] = 5_570_000m, ["PD03"] = 180_000_000m, ["PD04"] = 19m, ["PD05"] = 3_672m,
        ["PD06"] = 2_000_000m, ["PD07"] = 317m, ["PD08"] = 375m,
    };

    [Fact]
    public async Task Pipeline_SampleDataThroughFunctions_CityReproducesReferenceFiguresAndPublishes()
    {
        await using var scope = stack.CreateScope();
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var submissions = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer);
        await submissions.CreateIfNotExistsAsync();
        var ingest = ActivatorUtilities.CreateInstance<IngestSubmissionFunction>(scope.Services);

        foreach (var dir in Directory.GetDirectories(Path.Combine(LocalStackFixture.RepositoryRoot, "sample-data")).Where(d => AreaCatalog.Default.IsCounty(Path.GetFileName(d))))
        {
            var county = Path.GetFileName(dir);
            foreach (var file in Directory.GetFiles(dir))
            {
                var blob = submissions.GetBlobClient($"{county}/2022/{Path.GetFileName(file)}");
                await blob.UploadAsync(file, overwrite: true);
                await ingest.RunAsync(blob, county, "2022", Path.GetFileName(file), CancellationToken.None);
            }
        }

        var recalc = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var http = new DefaultHttpContext { RequestServices = scope.Services };
        http.Request.QueryString = new QueryString("?period=2022");
        http.Request.Headers[AccessControl.HeaderName] = "Bearer " + await LocalIdentity.ForUserAsync("city-reviewer");
        var answer = await recalc.RecalculateNowAsync(http.Request, CancellationToken.None);
        Assert.Equal(200, Assert.IsType<ApiResponse>(answer).Status);

        // Cosmos: the city documents.
        var city = await scope.Get<IndicatorStore>().ListAreaAsync(2022, "640300", RecalculationService.RootParent, CancellationToken.None);
        foreach (var (id, figure) in Reference)
        {
            var value = city.Single(d => d.IndicatorId == id).Value;
            Assert.True(value is { } v && Math.Round(v, 1, MidpointRounding.AwayFromZero) == figure, $"{id}: {value} ≠ {figure}");
        }

        // Power BI files: read back with DuckDB, not with the library that wrote them.
        var powerbi = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.PowerBiContainer);
        var folder = Directory.CreateTempSubdirectory("cadre-e2e-");
        try
        {
            foreach (var name in new[] { "FactIndicatorValue.parquet", "DimArea.parquet", "FactSubmission.csv" })
            {
                await powerbi.GetBlobClient($"latest/{name}").DownloadToAsync(Path.Combine(folder.FullName, name));
            }

            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"SELECT IndicatorId, Value, typeof(Period), typeof(Value) FROM read_parquet('{Path.Combine(folder.FullName, "FactIndicatorValue.parquet")}') WHERE AreaCode = '640300' AND Period = 2022";
            var published = new Dictionary<string, double?>();
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    published[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetDouble(1);
                    Assert.Equal("INTEGER", reader.GetString(2));
                    Assert.Equal("DOUBLE", reader.GetString(3));
                }
            }

            Assert.Equal(497d, published["VS01"]);
            Assert.Equal(54.7, Math.Round(published["VS08"]!.Value, 1));
            Assert.Equal(-1.5, Math.Round(published["VS03"]!.Value, 1));
            Assert.Equal(180_000_000d, published["PD03"]);

            // The row-count rule (docs/publishing.md), from the spec and the sample's README: every county submitted
            // every form, so each of the 5 counties and the city has all 32 indicators, and each of the 43 register
            // townships (11 + 5 + 8 + 11 + 8) has the 22 township-level ones (all but TL06–TL08 and PD02–PD08).
            cmd.CommandText = $"SELECT length(AreaCode), count(*), count(DISTINCT AreaCode) FROM read_parquet('{Path.Combine(folder.FullName, "FactIndicatorValue.parquet")}') WHERE Period = 2022 GROUP BY 1 ORDER BY 1";
            var byLength = new List<(int, long, long)>();
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    byLength.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
                }
            }

            Assert.Equal([(6, 6L * 32, 6L), (9, 43L * 22, 43L)], byLength);

            // The seed's county figures, as an analyst comparing counties reads them: Yanchi's PD06–PD08.
            cmd.CommandText = $"SELECT IndicatorId, Value FROM read_parquet('{Path.Combine(folder.FullName, "FactIndicatorValue.parquet")}') WHERE AreaCode = '640323' AND IndicatorId IN ('PD06', 'PD07', 'PD08') ORDER BY 1";
            var yanchi = new List<(string, double)>();
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    yanchi.Add((reader.GetString(0), reader.GetDouble(1)));
                }
            }

            Assert.Equal([("PD06", 2_000_000d), ("PD07", 317d), ("PD08", 375d)], yanchi);

            cmd.CommandText = $"SELECT count(*) FROM read_parquet('{Path.Combine(folder.FullName, "DimArea.parquet")}') WHERE Level = 'village'";
            Assert.Equal(497L, Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));

            // 24 uploads, one FactSubmission row each; the CSV opens as UTF-8 with a BOM.
            var csv = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "FactSubmission.csv"));
            Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
            Assert.Equal(24 + 1, Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // Azure Tables: the city's VS01 row.
        var table = scope.Get<TableServiceClient>().GetTableClient($"{storage.TablePrefix}FactIndicatorValue");
        var rows = table.QueryAsync<TableEntity>(e => e.RowKey == "640300_VS01");
        var found = 0;
        await foreach (var row in rows)
        {
            Assert.Equal(497d, row.GetDouble("Value"));
            found++;
        }

        Assert.Equal(1, found);

        // …and as many rows as the Parquet file, the counties' included.
        var all = 0;
        var counties = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            all++;
            counties += row.RowKey.IndexOf('_', StringComparison.Ordinal) == 6 ? 1 : 0;
        }

        Assert.Equal((6 * 32) + (43 * 22), all);
        Assert.Equal(6 * 32, counties);
    }
}
