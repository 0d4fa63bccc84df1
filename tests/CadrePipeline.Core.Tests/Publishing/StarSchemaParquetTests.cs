using System.Data.Common;
using System.Globalization;
using CadrePipeline.Core.Publishing;
using CadrePipeline.Tests.Publishing;
using DuckDB.NET.Data;

namespace CadrePipeline.Core.Tests.Publishing;

/// <summary>The Parquet files, read back with DuckDB: an independent reader, not Parquet.Net.</summary>
public sealed class StarSchemaParquetTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cadre-parquet-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string, string> DocumentedColumns => new()
    {
        { "DimArea", "AreaCode VARCHAR, AreaName VARCHAR, AreaNameEn VARCHAR, Level VARCHAR, ParentCode VARCHAR, CountyCode VARCHAR, IsKeyVillage BOOLEAN" },
        { "DimIndicator", "IndicatorId VARCHAR, NameZh VARCHAR, NameEn VARCHAR, Group VARCHAR, Unit VARCHAR, Factor DOUBLE, TargetOperator VARCHAR, TargetValue DOUBLE, Definition VARCHAR" },
        { "DimPeriod", "Period INTEGER, Year INTEGER, Term INTEGER" },
        { "FactIndicatorValue", "AreaCode VARCHAR, Period INTEGER, IndicatorId VARCHAR, Value DOUBLE, Numerator DOUBLE, Denominator DOUBLE, TargetValue DOUBLE, MeetsTarget BOOLEAN, PreviousValue DOUBLE, Change DOUBLE, ComputedAtUtc TIMESTAMP" },
        { "FactSubmission", "SubmissionId VARCHAR, CountyCode VARCHAR, Period INTEGER, Form VARCHAR, FileName VARCHAR, ReceivedAtUtc TIMESTAMP, Status VARCHAR, RowsRead INTEGER, RowsAccepted INTEGER, Errors INTEGER, Warnings INTEGER, SupersededBy VARCHAR" },
        { "FactCompleteness", "CountyCode VARCHAR, Period INTEGER, Form VARCHAR, Submitted BOOLEAN, OnTime BOOLEAN, LastSubmissionAtUtc TIMESTAMP" },
    };

    [Theory]
    [MemberData(nameof(DocumentedColumns))]
    public async Task WriteParquetAsync_EachTable_HasTheColumnsOfOutputMdWithStableTypes(string table, string expected)
    {
        var path = await WriteAsync(table, SampleStarSchema.Create());

        var columns = Query($"DESCRIBE SELECT * FROM read_parquet('{path}')", r => $"{r.GetString(0)} {r.GetString(1)}");

        Assert.Equal(expected, string.Join(", ", columns));
    }

    [Theory]
    [InlineData("DimArea", 4)]
    [InlineData("DimIndicator", 3)]
    [InlineData("DimPeriod", 2)]
    [InlineData("FactIndicatorValue", 5)]
    [InlineData("FactSubmission", 3)]
    [InlineData("FactCompleteness", 3)]
    public async Task WriteParquetAsync_SampleSchema_HasOneRowPerInputRow(string table, long expected)
    {
        var path = await WriteAsync(table, SampleStarSchema.Create());

        Assert.Equal(expected, Query($"SELECT count(*) FROM read_parquet('{path}')", r => r.GetInt64(0)).Single());
    }

    [Fact]
    public async Task WriteParquetAsync_FactIndicatorValue_KeepsValuesNullsAndTimes()
    {
        var path = await WriteAsync("FactIndicatorValue", SampleStarSchema.Create());

        var rows = Query(
            $"SELECT AreaCode, Period, IndicatorId, Value, Numerator, Denominator, TargetValue, MeetsTarget, ComputedAtUtc FROM read_parquet('{path}')",
            r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Show(r, i))));

        // Sorted by AreaCode, Period, IndicatorId (ordinal); 272/497*100 = 54.72837022132797 (hand: 0.5472837… × 100).
        Assert.Equal(
            [
                "640300|2022|RC02|100|60|60|100|True|2026-11-26T04:00:00.123456",
                "640300|2022|VS03|-1.5|-1.5|NULL|NULL|NULL|2026-11-26T04:00:00.123456",
                "640300|2022|VS08|54.72837022132797|272|497|NULL|NULL|2026-11-26T04:00:00.123456",
                "640323|2022|VS08|50|40|80|NULL|NULL|2026-11-26T04:00:00.123456",
                "640323100|2022|RC02|NULL|0|0|100|NULL|2026-11-26T04:00:00.123456",
            ],
            rows);
    }

    [Fact]
    public async Task WriteParquetAsync_ChineseTextAndNullableColumns_ReadBackUnchanged()
    {
        var area = await WriteAsync("DimArea", SampleStarSchema.Create());
        var completeness = await WriteAsync("FactCompleteness", SampleStarSchema.Create());

        var town = Query($"SELECT AreaName, ParentCode, CountyCode FROM read_parquet('{area}') WHERE AreaCode = '640323100'", r => $"{Show(r, 0)}|{Show(r, 1)}|{Show(r, 2)}").Single();
        var city = Query($"SELECT ParentCode IS NULL AND CountyCode IS NULL FROM read_parquet('{area}') WHERE AreaCode = '640300'", r => r.GetBoolean(0)).Single();
        var missing = Query($"SELECT count(*) FROM read_parquet('{completeness}') WHERE LastSubmissionAtUtc IS NULL AND NOT Submitted", r => r.GetInt64(0)).Single();

        Assert.Equal("花马池镇|640323|640323", town);
        Assert.True(city);
        Assert.Equal(1, missing);
    }

    [Fact]
    public async Task WriteParquetAsync_SameRowsInAnotherOrder_WritesIdenticalBytes()
    {
        var schema = SampleStarSchema.Create();
        var reversed = schema.FactIndicatorValue.Reverse().ToList();

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        await StarSchemaFiles.WriteParquetAsync(first, schema.FactIndicatorValue, default);
        await StarSchemaFiles.WriteParquetAsync(second, reversed, default);

        Assert.NotEqual(0, first.Length);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task WriteParquetAsync_EmptyTable_WritesTheSchemaWithNoRows()
    {
        var path = await WriteAsync("FactSubmission", new StarSchema());

        Assert.Equal(0L, Query($"SELECT count(*) FROM read_parquet('{path}')", r => r.GetInt64(0)).Single());
        Assert.Equal(12, Query($"DESCRIBE SELECT * FROM read_parquet('{path}')", r => r.GetString(0)).Count);
    }

    [Fact]
    public async Task WriteParquetAsync_TwoRowsWithTheSameKey_ThrowsNamingTheKey()
    {
        var row = new FactIndicatorValueRow("640300", 2022, "VS01", 497, 497, null, null, null, null, null, SampleStarSchema.ComputedAt);
        using var stream = new MemoryStream();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => StarSchemaFiles.WriteParquetAsync(stream, [row, row with { Value = 1 }], default));

        Assert.Contains("640300/2022/VS01", ex.Message, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string table, StarSchema schema)
    {
        var path = Path.Combine(dir, table + ".parquet");
        await using var file = File.Create(path);
        await TableSchemaInfo.Tables.Single(t => t.Name == table).WriteParquetAsync(schema, file, default);
        return path;
    }

    private static List<T> Query<T>(string sql, Func<DbDataReader, T> read)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }

    private static string Show(DbDataReader r, int i) => r.IsDBNull(i)
        ? "NULL"
        : r.GetValue(i) switch
        {
            DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString()!,
        };
}
