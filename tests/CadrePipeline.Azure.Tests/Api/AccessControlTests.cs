using CadrePipeline.Azure.Api;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Tests.Api;

public sealed class AccessControlTests
{
    private const string Yanchi = "yanchi-code-0123456789";
    private const string Litong = "litong-code-0123456789";
    private const string City = "city-office-0123456789";
    private const string Operator = "operator-0123456789";

    private static AccessControl Create(Dictionary<string, string> tokens) =>
        new(Options.Create(new AccessOptions { Tokens = tokens }), AreaCatalog.Default);

    private static AccessControl Default() => Create(new() { [Yanchi] = "640323", [Litong] = "640302", [City] = "city", [Operator] = "operator" });

    private static string? Code(ApiResult? result) => (result?.Body as ApiError)?.Code;

    [Fact]
    public void Authenticate_CountyCode_GrantsThatCountyByName()
    {
        var grant = Default().Authenticate(Yanchi);
        Assert.NotNull(grant);
        Assert.Equal("640323", grant.County);
        Assert.Equal("盐池县", grant.NameZh);
        Assert.False(grant.IsCity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yanchi-code-012345678")]
    [InlineData("YANCHI-CODE-0123456789")]
    public void Authenticate_MissingOrUnknownCode_ReturnsNull(string? token) =>
        Assert.Null(Default().Authenticate(token));

    [Fact]
    public void Authenticate_ShortCodeOrUnknownScope_IsIgnored()
    {
        var access = Create(new() { ["short"] = "640323", ["long-enough-but-bad-scope"] = "999999", ["long-enough-but-a-city"] = "640300" });
        Assert.False(access.IsConfigured);
        Assert.Null(access.Authenticate("short"));
        Assert.Null(access.Authenticate("long-enough-but-bad-scope"));
        Assert.Null(access.Authenticate("long-enough-but-a-city"));
    }

    [Fact]
    public void RequireUpload_OwnCounty_Granted() => Assert.Null(Default().RequireUpload(Yanchi, "640323"));

    [Fact]
    public void RequireUpload_OtherCountysCode_403CountyForbidden()
    {
        var denied = Default().RequireUpload(Litong, "640323");
        Assert.Equal(403, denied?.Status);
        Assert.Equal("county-forbidden", Code(denied));
    }

    [Fact]
    public void RequireUpload_CityCode_403CityCannotUpload()
    {
        var denied = Default().RequireUpload(City, "640323");
        Assert.Equal(403, denied?.Status);
        Assert.Equal("city-cannot-upload", Code(denied));
    }

    [Theory]
    [InlineData(null, "token-missing")]
    [InlineData("wrong-code-0123456789", "token-invalid")]
    public void RequireRead_NoValidCode_401(string? token, string code)
    {
        var denied = Default().RequireRead(token, "640323");
        Assert.Equal(401, denied?.Status);
        Assert.Equal(code, Code(denied));
    }

    [Fact]
    public void RequireRead_CityCode_ReadsEveryCounty()
    {
        var access = Default();
        foreach (var county in AreaCatalog.Default.Counties)
        {
            Assert.Null(access.RequireRead(City, county.Code));
        }
    }

    [Fact]
    public void RequireRead_CountyCode_OnlyItsOwnCounty()
    {
        var access = Default();
        Assert.Null(access.RequireRead(Yanchi, "640323"));
        Assert.Equal(403, access.RequireRead(Yanchi, "640302")?.Status);
    }

    [Fact]
    public void RequireCity_CountyCode_403CityOnly()
    {
        var access = Default();
        Assert.Equal("city-only", Code(access.RequireCity(Yanchi)));
        Assert.Null(access.RequireCity(City));
    }

    [Fact]
    public void RequireAny_NoCodesConfigured_401AccessNotConfigured()
    {
        var denied = Create([]).RequireAny("anything-0123456789", out var grant);
        Assert.Null(grant);
        Assert.Equal(401, denied?.Status);
        Assert.Equal("access-not-configured", Code(denied));
    }

    [Fact]
    public void AccessControl_BoundFromSettings_MapsCodesAsWritten()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Access:Tokens:Yc-7f3a9c2e51b84d06"] = "640323",
            ["Access:Tokens:Wz-0b6e4d1f9a2c7e35"] = "city",
        }).Build();
        var services = new ServiceCollection();
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.SectionName));
        services.AddSingleton(AreaCatalog.Default);
        services.AddSingleton<AccessControl>();
        using var provider = services.BuildServiceProvider();
        var access = provider.GetRequiredService<AccessControl>();

        Assert.Equal("640323", access.Authenticate("Yc-7f3a9c2e51b84d06")?.County);
        Assert.True(access.Authenticate("Wz-0b6e4d1f9a2c7e35")?.IsCity);
        Assert.Null(access.Authenticate("yc-7f3a9c2e51b84d06"));
    }

    [Fact]
    public void Authenticate_OperatorCode_IsNeitherACountyNorTheCity()
    {
        var grant = Default().Authenticate(Operator);
        Assert.NotNull(grant);
        Assert.True(grant.IsOperator);
        Assert.False(grant.IsCity);
        Assert.Null(grant.County);
        Assert.Equal("运维人员", grant.NameZh);
    }

    [Fact]
    public void OperatorGrant_ReadsAndUploadsNoCounty()
    {
        var access = Default();
        var grant = access.Authenticate(Operator)!;
        foreach (var county in AreaCatalog.Default.Counties)
        {
            Assert.Equal(403, access.RequireRead(grant, county.Code)?.Status);
            Assert.Equal(403, access.RequireUpload(grant, county.Code)?.Status);
        }

        Assert.Equal("county-forbidden", Code(access.RequireRead(grant, (string?)null)));
    }

    [Fact]
    public void RequireOperator_OnlyTheOperatorsCode()
    {
        var access = Default();
        Assert.Null(AccessControl.RequireOperator(access.Authenticate(Operator)!));
        Assert.Equal("operator-only", Code(AccessControl.RequireOperator(access.Authenticate(City)!)));
        Assert.Equal("operator-only", Code(AccessControl.RequireOperator(access.Authenticate(Yanchi)!)));
    }

    [Fact]
    public void RequireCityOrOperator_CountyCode403_CityAndOperatorGranted()
    {
        var access = Default();
        Assert.Null(AccessControl.RequireCity(access.Authenticate(City)!, orOperator: true));
        Assert.Null(AccessControl.RequireCity(access.Authenticate(Operator)!, orOperator: true));
        Assert.Equal("city-or-operator-only", Code(AccessControl.RequireCity(access.Authenticate(Litong)!, orOperator: true)));
        Assert.Equal("city-only", Code(AccessControl.RequireCity(access.Authenticate(Operator)!)));
    }
}
