using System.Text;
using System.Text.Json;
using CadrePipeline.Azure.Api;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CadrePipeline.Azure.Tests.Api;

/// <summary>
/// From a token's claims to a user: role, area (claim or group map), the counties the user reads. The token's signature,
/// issuer, audience and lifetime are the validator's (tested with real tokens in the route matrix); here the claims only.
/// </summary>
public sealed class AccessControlTests
{
    private static readonly SignInOptions Options = new()
    {
        Authority = "http://127.0.0.1:10090",
        Audience = "api://cadre-pipeline",
        GroupAreas = new() { ["grp-yanchi"] = "640323" },
    };

    private static AccessControl Create() =>
        new(new BearerTokenValidator(Microsoft.Extensions.Options.Options.Create(Options)), Microsoft.Extensions.Options.Options.Create(Options), AreaCatalog.Default);

    private static JsonWebToken Token(object claims)
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new JsonWebToken($"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64(JsonSerializer.Serialize(claims))}.");
    }

    private static CadreUser User(object claims)
    {
        var (user, denied) = Create().Resolve(Token(claims));
        Assert.Null(denied);
        return user!;
    }

    private static string? Refusal(object claims)
    {
        var (user, denied) = Create().Resolve(Token(claims));
        Assert.Null(user);
        Assert.Equal(403, denied!.Status);
        var error = Assert.IsType<ApiError>(denied.Body);
        Assert.Contains("管理员", error.Message, StringComparison.Ordinal);
        Assert.Contains("administrator", error.MessageEn, StringComparison.Ordinal);
        return error.Code;
    }

    [Fact]
    public void Resolve_CountyClerk_ReadsAndUploadsOnlyItsCounty()
    {
        var user = User(new { sub = "u1", roles = new[] { "county-clerk" }, area = "640323" });

        Assert.Equal(("u1", "county-clerk", "640323", "盐池县"), (user.Subject, user.Role, user.County, user.AreaNameZh));
        Assert.Equal(["640323"], user.Counties);
        Assert.True(user.CanUpload("640323"));
        Assert.False(user.CanUpload("640302"));
        Assert.False(user.SeesCityView);
    }

    [Fact]
    public void Resolve_ApproverAndClerkRoles_IsTheApprover()
    {
        Assert.Equal("county-approver", User(new { sub = "u", roles = new[] { "county-clerk", "county-approver" }, area = "640323" }).Role);
    }

    [Fact]
    public void Resolve_OidPresent_IsTheStableIdRatherThanSub()
    {
        Assert.Equal("oid-1", User(new { sub = "pairwise-sub", oid = "oid-1", roles = new[] { "county-clerk" }, area = "640323" }).Subject);
    }

    [Fact]
    public void Resolve_CityReviewer_ReadsTheFiveCountiesOfItsCityAndUploadsNone()
    {
        var user = User(new { sub = "c", roles = new[] { "city-reviewer" }, area = "640300" });

        Assert.Equal(["640302", "640303", "640323", "640324", "640381"], user.Counties.Order());
        Assert.True(user.SeesCityView);
        Assert.Equal("city-cannot-upload", (Create().RequireUpload(user, "640323")?.Body as ApiError)?.Code);
        Assert.Null(AccessControl.RequireRecalculate(user));
    }

    [Fact]
    public void Resolve_ProvinceReviewer_ReadsEveryCountyOfItsProvinceButDoesNotRecalculate()
    {
        var user = User(new { sub = "p", roles = new[] { "province-reviewer" }, area = "640000" });

        Assert.Equal(5, user.Counties.Count);
        Assert.Null(AccessControl.RequireCityView(user));
        Assert.Equal("city-or-operator-only", (AccessControl.RequireRecalculate(user)?.Body as ApiError)?.Code);
    }

    [Fact]
    public void Resolve_Operator_NeedsNoAreaAndReadsNoCounty()
    {
        var user = User(new { sub = "o", roles = new[] { "operator" } });

        Assert.Empty(user.Counties);
        Assert.Null(AccessControl.RequireOperator(user));
        Assert.Equal("county-forbidden", (Create().RequireRead(user, null)?.Body as ApiError)?.Code);
    }

    [Fact]
    public void Resolve_AreaFromAGroupOfTheMap_ThatCounty()
    {
        Assert.Equal("640323", User(new { sub = "g", roles = new[] { "county-clerk" }, groups = new[] { "other", "grp-yanchi" } }).County);
    }

    [Fact]
    public void Resolve_RolesAsOneString_Accepted()
    {
        Assert.Equal("county-clerk", User(new { sub = "s", roles = "county-clerk", area = "640302" }).Role);
    }

    [Theory]
    [InlineData(null, "640323", "role-unknown")]
    [InlineData("county-mayor", "640323", "role-unknown")]
    [InlineData("county-clerk", null, "area-missing")]
    [InlineData("county-clerk", "640300", "area-unknown")]
    [InlineData("county-clerk", "999999", "area-unknown")]
    [InlineData("city-reviewer", "640323", "area-unknown")]
    [InlineData("province-reviewer", "650000", "area-unknown")]
    [InlineData("province-reviewer", "640300", "area-unknown")]
    public void Resolve_UnknownRoleOrMissingOrWrongArea_403Bilingual(string? role, string? area, string code)
    {
        var roles = role is null ? Array.Empty<string>() : [role];
        object claims = area is null ? new { sub = "x", roles } : new { sub = "x", roles, area };
        Assert.Equal(code, Refusal(claims));
    }

    [Fact]
    public void Resolve_TwoUnrelatedRoles_403()
    {
        Assert.Equal("role-unknown", Refusal(new { sub = "x", roles = new[] { "county-clerk", "operator" }, area = "640323" }));
    }

    [Fact]
    public void Forbidden_OtherCounty_NamesBothInChineseAndEnglish()
    {
        var user = User(new { sub = "u1", roles = new[] { "county-clerk" }, area = "640302" });

        var error = Assert.IsType<ApiError>(Create().RequireRead(user, "640323")!.Body);

        Assert.Equal("county-forbidden", error.Code);
        Assert.Equal("利通区的县级填报员无权访问盐池县的数据", error.Message);
        Assert.Equal("A county-clerk of 640302 may not access county 640323", error.MessageEn);
    }
}
