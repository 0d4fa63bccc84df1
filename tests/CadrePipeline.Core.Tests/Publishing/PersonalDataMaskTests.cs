using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Core.Tests.Publishing;

public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("640323199001011234_张三.xlsx", "******_张三.xlsx")]
    [InlineData("副本 64032319900101123X.csv", "副本 ******.csv")]
    [InlineData("old-640323900101123.xls", "old-******.xls")]
    [InlineData("640323100001 城西村 2022.xlsx", "640323100001 城西村 2022.xlsx")]
    [InlineData("6403231990010112345.xlsx", "6403231990010112345.xlsx")]
    public void IdNumbers_FileNames_MaskOnlyIdNumberLengths(string fileName, string expected)
    {
        Assert.Equal(expected, PersonalDataMask.IdNumbers(fileName));
    }

    [Fact]
    public async Task FactSubmissionRow_FileNameWithIdNumber_IsPublishedMasked()
    {
        var row = new FactSubmissionRow("s1", "640323", 2022, "village-secretaries", "640323199001011234.xlsx", DateTime.UnixEpoch, "accepted", 1, 1, 0, 0, null);
        using var csv = new MemoryStream();

        await StarSchemaFiles.WriteCsvAsync(csv, [row], default);

        Assert.Equal("******.xlsx", row.FileName);
        Assert.DoesNotContain("199001011234", System.Text.Encoding.UTF8.GetString(csv.ToArray()), StringComparison.Ordinal);
    }
}
