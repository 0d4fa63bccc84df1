using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using static CadrePipeline.Azure.Tests.Ingest.IngestServiceTests;

namespace CadrePipeline.Azure.Tests.Publishing;

/// <summary>
/// The row-count rule of docs/publishing.md, checked on what an analyst reads (the published Parquet, read with
/// DuckDB, and the Azure Table), for a county that submitted only some forms.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class PublishedRowRuleTests(LocalStackFixture stack)
{
    private const string Yanchi = "640323";

    /// <summary>The catalogue's indicators that use only the village-secretaries form (indicators.md): all of VS01–VS11 but VS10.</summary>
    private static readonly string[] SecretaryOnly = ["VS01", "VS02", "VS03", "VS04", "VS05", "VS06", "VS07", "VS08", "VS09", "VS11"];

    [Fact]
    public async Task Publish_CountyWithRegisterAndSecretariesOnly_RowsForThoseIndicatorsAtTownshipCountyAndCity()
    {
        await using var scope = stack.CreateScope();
        // Register: 测试镇 (3 villages) and 另一镇 (1 village); three 2021-term secretaries, all in 测试镇.
        var register = new StringBuilder("县(市、区),乡镇,乡镇代码,村,村代码,重点村\n")
            .Append("盐池县,测试镇,640323101,测试1村,640323101201,是\n")
            .Append("盐池县,测试镇,640323101,测试2村,640323101202,否\n")
            .Append("盐池县,测试镇,640323101,测试3村,640323101203,否\n")
            .Append("盐池县,另一镇,640323102,另一村,640323102201,否\n");
        await UploadAsync(scope, Yanchi, "区划.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(register.ToString())]);
        var (secretaries, _) = TestFiles.SecretariesCsv(Yanchi, 3);
        await UploadAsync(scope, Yanchi, "书记.csv", secretaries);
        var ingest = scope.Get<IngestService>();
        await ingest.IngestAsync(Yanchi, "2022", "区划.csv");
        await ingest.IngestAsync(Yanchi, "2022", "书记.csv");

        Assert.True((await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None)).Ran);

        var rows = await ReadPublishedAsync(scope);
        // 10 indicators × (Yanchi + its 2 townships + the city); nothing for the other four counties, nothing for
        // the forms Yanchi did not submit (TL*, VS10, RC*, SG*, PD*).
        Assert.Equal(40, rows.Count);
        foreach (var area in new[] { "640323101", "640323102", Yanchi, "640300" })
        {
            Assert.Equal(SecretaryOnly, rows.Where(r => r.Area == area).Select(r => r.Indicator).Order(StringComparer.Ordinal));
        }

        Assert.Equal(3d, rows.Single(r => r.Area == Yanchi && r.Indicator == "VS01").Value);
        Assert.Equal(3d, rows.Single(r => r.Area == "640323101" && r.Indicator == "VS01").Value);
        Assert.Equal(3d, rows.Single(r => r.Area == "640300" && r.Indicator == "VS01").Value);

        // 另一镇 has no secretary: a count of 0, and a share of 0 ÷ 0 that has no value, but both rows are there.
        var empty = rows.Single(r => r.Area == "640323102" && r.Indicator == "VS01");
        Assert.Equal((0d, (double?)0d, (double?)null), (empty.Numerator, empty.Value, empty.Denominator));
        var share = rows.Single(r => r.Area == "640323102" && r.Indicator == "VS04");
        Assert.Equal((0d, (double?)0d, (double?)null), (share.Numerator, share.Denominator, share.Value));

        // The Azure Table holds the same 40 rows.
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var table = scope.Get<TableServiceClient>().GetTableClient($"{storage.TablePrefix}FactIndicatorValue");
        var entities = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            entities.Add(e);
        }

        Assert.Equal(
            rows.Select(r => $"{r.Area}_{r.Indicator}").Order(StringComparer.Ordinal),
            entities.Select(e => e.RowKey).Order(StringComparer.Ordinal));
    }

    private static async Task<List<(string Area, string Indicator, double? Value, double Numerator, double? Denominator)>> ReadPublishedAsync(TestScope scope)
    {
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.PowerBiContainer);
        var path = Path.Combine(Path.GetTempPath(), $"cadre-rows-{Guid.NewGuid():N}.parquet");
        try
        {
            await container.GetBlobClient("latest/FactIndicatorValue.parquet").DownloadToAsync(path);
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"SELECT AreaCode, IndicatorId, Value, Numerator, Denominator FROM read_parquet('{path}') WHERE Period = 2022";
            var rows = new List<(string, string, double?, double, double?)>();
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetDouble(2),
                    reader.GetDouble(3),
                    reader.IsDBNull(4) ? null : Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture)));
            }

            return rows;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
