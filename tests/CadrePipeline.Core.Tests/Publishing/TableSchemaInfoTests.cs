using System.Reflection;
using CadrePipeline.Core.Publishing;
using CadrePipeline.Tests.Publishing;

namespace CadrePipeline.Core.Tests.Publishing;

public sealed class TableSchemaInfoTests
{
    [Fact]
    public void Tables_AllSix_InPublishingOrder()
    {
        Assert.Equal(
            ["DimArea", "DimIndicator", "DimPeriod", "FactIndicatorValue", "FactSubmission", "FactCompleteness"],
            TableSchemaInfo.Tables.Select(t => t.Name));
    }

    [Fact]
    public void Columns_EachTable_MatchTheRowRecordParametersInOrder()
    {
        foreach (var table in TableSchemaInfo.Tables)
        {
            var parameters = table.RowType.GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters();

            Assert.Equal(parameters.Select(p => p.Name), table.Columns.Select(c => c.Name));
            Assert.Equal(parameters.Select(p => Expected(p)), table.Columns.Select(c => (c.Type, c.Nullable)));
        }
    }

    [Fact]
    public void Columns_NoTable_HasAPersonalField()
    {
        string[] personal = ["Name", "IdNumber", "PersonKey", "BirthDate", "Sex", "Phone"];

        var columns = TableSchemaInfo.Tables.SelectMany(t => t.Columns).Select(c => c.Name).ToList();

        Assert.DoesNotContain(columns, c => personal.Contains(c, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void KeyedRows_FactIndicatorValue_PartitionByPeriodAndCountyRowByAreaAndIndicator()
    {
        var rows = TableSchemaInfo.FactIndicatorValue.KeyedRows(SampleStarSchema.Create()).ToList();

        Assert.Equal(
            [("2022_640300", "640300_RC02"), ("2022_640300", "640300_VS03"), ("2022_640300", "640300_VS08"), ("2022_640323", "640323_VS08"), ("2022_640323", "640323100_RC02")],
            rows.Select(r => (r.PartitionKey, r.RowKey)));
        Assert.Equal(-1.5, rows[1].Values[3]);
    }

    [Fact]
    public void KeyedRows_DimArea_PartitionByCounty()
    {
        var rows = TableSchemaInfo.DimArea.KeyedRows(SampleStarSchema.Create()).ToList();

        Assert.Equal(
            [("640300", "640300"), ("640323", "640323"), ("640323", "640323100"), ("640323", "640323100001")],
            rows.Select(r => (r.PartitionKey, r.RowKey)));
    }

    [Fact]
    public void UtcInstant_LocalAndUnspecifiedTimes_BecomeUtcMicroseconds()
    {
        var unspecified = new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddTicks(19);
        var local = new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToLocalTime();

        var row = new FactCompletenessRow("640323", 2022, "areas", true, true, unspecified);
        var fromLocal = UtcInstant.Normalize(local);

        Assert.Equal(new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(10), row.LastSubmissionAtUtc);
        Assert.Equal(DateTimeKind.Utc, row.LastSubmissionAtUtc!.Value.Kind);
        Assert.Equal(new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc), fromLocal);
        Assert.Equal(DateTimeKind.Utc, (row with { LastSubmissionAtUtc = unspecified }).LastSubmissionAtUtc!.Value.Kind);
    }

    [Fact]
    public void PublishManifest_ToJsonBytes_NamesTypesInLowerCaseAndRoundTrips()
    {
        var manifest = new PublishManifest(
            TableSchemaInfo.SchemaVersion,
            new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero),
            PublishManifest.SnapshotFolder(new DateTimeOffset(2026, 11, 26, 13, 0, 7, TimeSpan.FromHours(8))),
            [new("DimPeriod", 2, "DimPeriod.parquet", "DimPeriod.csv", "aa", "bb", [new("Period", ColumnType.Int32, false), new("Term", ColumnType.Int32, true)])]);

        var json = System.Text.Encoding.UTF8.GetString(manifest.ToJsonBytes());
        var back = PublishManifest.Parse(manifest.ToJsonBytes());

        Assert.Contains("\"snapshot\": \"snapshots/20261126T050007Z/\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"int32\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        Assert.Equal(manifest.Tables[0].Columns, back.Tables[0].Columns);
        Assert.Equal(manifest.Snapshot, back.Snapshot);
    }

    private static (ColumnType, bool) Expected(ParameterInfo p)
    {
        var nullability = new NullabilityInfoContext().Create(p);
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        var columnType = type == typeof(string) ? ColumnType.String
            : type == typeof(int) ? ColumnType.Int32
            : type == typeof(double) ? ColumnType.Double
            : type == typeof(bool) ? ColumnType.Boolean
            : type == typeof(DateTime) ? ColumnType.Timestamp
            : throw new InvalidOperationException(type.Name);
        return (columnType, nullability.ReadState == NullabilityState.Nullable);
    }
}
