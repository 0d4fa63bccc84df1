using Azure.Data.Tables;
using CadrePipeline.Azure.Publishing;
using CadrePipeline.Core.Publishing;
using CadrePipeline.Tests.Publishing;

namespace CadrePipeline.Azure.Tests.Publishing;

public sealed class StarSchemaTableSyncTests
{
    [Theory]
    [InlineData("2022_640323", "2022_640323")]
    [InlineData("a/b\\c#d?e%f", "a%2Fb%5Cc%23d%3Fe%25f")]
    [InlineData("tab\there", "tab%09here")]
    public void EscapeKey_ForbiddenCharacters_AreWrittenAsPercentHex(string key, string expected)
    {
        Assert.Equal(expected, StarSchemaTableSync.EscapeKey(key));
    }

    [Fact]
    public void ToEntity_RowWithNulls_HasOnePropertyPerNonNullColumn()
    {
        var row = TableSchemaInfo.FactIndicatorValue.KeyedRows(SampleStarSchema.Create()).Single(r => r.RowKey == "640300_VS03");

        var entity = StarSchemaTableSync.ToEntity(TableSchemaInfo.FactIndicatorValue, row);

        Assert.Equal(("2022_640300", "640300_VS03"), (entity.PartitionKey, entity.RowKey));
        Assert.Equal(
            ["AreaCode", "ComputedAtUtc", "IndicatorId", "Numerator", "PartitionKey", "Period", "RowKey", "Value"],
            entity.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(-1.5, entity["Value"]);
    }

    [Fact]
    public void SameContent_StoredWithWiderTypes_IsTheSame()
    {
        var wanted = new TableEntity("p", "r") { ["Value"] = 100.0, ["At"] = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc), ["N"] = 3 };
        var stored = new TableEntity("p", "r")
        {
            ["Value"] = 100, ["At"] = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), ["N"] = 3, ["Timestamp"] = DateTimeOffset.UnixEpoch,
        };

        Assert.True(StarSchemaTableSync.SameContent(wanted, stored));
    }

    [Theory]
    [InlineData("Value", 100.5)]
    [InlineData("Extra", "x")]
    public void SameContent_ChangedOrExtraProperty_IsDifferent(string name, object value)
    {
        var wanted = new TableEntity("p", "r") { ["Value"] = 100.0 };
        var stored = new TableEntity("p", "r") { ["Value"] = 100.0, [name] = value };

        Assert.False(StarSchemaTableSync.SameContent(wanted, stored));
    }

    [Fact]
    public void SameContent_PropertyNowNull_IsDifferent()
    {
        var wanted = new TableEntity("p", "r") { ["Value"] = 100.0 };
        var stored = new TableEntity("p", "r") { ["Value"] = 100.0, ["MeetsTarget"] = true };
        var missing = new TableEntity("p", "r");

        Assert.False(StarSchemaTableSync.SameContent(wanted, stored));
        Assert.False(StarSchemaTableSync.SameContent(wanted, missing));
    }
}
