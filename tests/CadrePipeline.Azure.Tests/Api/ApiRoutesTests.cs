using CadrePipeline.Azure.Api;

namespace CadrePipeline.Azure.Tests.Api;

public sealed class ApiRoutesTests
{
    [Fact]
    public void All_NineRoutes_WithDistinctNamesAndMethodPaths()
    {
        Assert.Equal(9, ApiRoutes.All.Count);
        Assert.Equal(9, ApiRoutes.All.Select(r => r.Name).Distinct().Count());
        Assert.Equal(9, ApiRoutes.All.Select(r => (r.Method, r.Path)).Distinct().Count());
    }

    [Fact]
    public void Roles_AreTheDocumentedOnes()
    {
        var roles = ApiRoutes.All.ToDictionary(r => r.Name, r => r.Role);
        Assert.Equal(ApiRole.AnyUser, roles["GetAccess"]);
        Assert.Equal(ApiRole.CountyReader, roles["ListSubmissions"]);
        Assert.Equal(ApiRole.CountyReader, roles["GetSubmission"]);
        Assert.Equal(ApiRole.CountyUploader, roles["UploadSubmission"]);
        Assert.Equal(ApiRole.Operator, roles["ReplaySubmission"]);
        Assert.Equal(ApiRole.CityView, roles["GetIndicators"]);
        Assert.Equal(ApiRole.CityView, roles["GetCompleteness"]);
        Assert.Equal(ApiRole.Recalculate, roles["RecalculateNow"]);
        Assert.Equal(ApiRole.CountyReader, roles["GetTemplate"]);
    }

    [Theory]
    [InlineData("640323-2022-0123456789abcdef", "640323")]
    [InlineData("unknown-0-0123456789abcdef", "unknown")]
    [InlineData("640323-2022-0123456789ABCDEF", null)]
    [InlineData("640323-2022-0123", null)]
    [InlineData("../640302-2022-0123456789abcdef", null)]
    [InlineData("640302", null)]
    [InlineData("", null)]
    public void CountyOfId_OnlyForTheShapeOfAnId(string id, string? county)
    {
        Assert.Equal(county, ApiRoutes.CountyOfId(id));
        Assert.Equal(county is not null, ApiRoutes.IsSubmissionId(id));
    }
}
