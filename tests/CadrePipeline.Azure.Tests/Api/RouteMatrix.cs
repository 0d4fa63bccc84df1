using System.Text;
using CadrePipeline.Azure.Tests.Infrastructure;

namespace CadrePipeline.Azure.Tests.Api;

/// <summary>Every kind of caller of the API: no or bad tokens, then each role with its own area and another.</summary>
public enum Caller
{
    NoToken,
    OldAccessCode,
    Expired,
    SignedByAnotherKey,
    BrokenSignature,
    UnknownRole,
    NoArea,
    ClerkA,
    ClerkB,
    ApproverA,
    ApproverB,
    CityReviewer,
    OtherCityReviewer,
    ProvinceReviewer,
    OtherProvinceReviewer,
    Operator,
}

/// <summary>One request of the matrix: a route with arguments that are valid, so only the caller decides the answer.</summary>
/// <param name="Label">What the row is, for the failure message.</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path under /api/, with <c>{A-id}</c> (an existing submission of county A) and <c>{A-missing}</c> (an id of county A that does not exist).</param>
/// <param name="Expected">The status for each <see cref="Caller"/>, in its order.</param>
public sealed record MatrixRow(string Label, string Method, string Path, int[] Expected);

/// <summary>A caller's credentials: the Authorization header value, or the old access-code header.</summary>
public sealed record CallerCredentials(string? Authorization, string? OldAccessCode);

/// <summary>
/// The expected status of every route for every caller, written by hand from the role table of docs/security.md
/// (county A = 盐池县 640323, county B = 利通区 640302, the city = 吴忠市 640300, the province = 宁夏 640000). Both hosts
/// are held to it; they differ only where an upload is processed (202 stored for the trigger on the Functions app, 200
/// processed at once on <c>cadre serve</c>). The tokens come from the real local provider.
/// </summary>
public static class RouteMatrix
{
    public const string CountyA = "640323";
    public const string CountyB = "640302";

    /// <summary>An id of county A, period 2022, that no upload has: the sha part is all zeros.</summary>
    public const string MissingIdOfA = "640323-2022-0000000000000000";

    public static MatrixRow[] Rows(int uploadAccepted)
    {
        var up = uploadAccepted;
        const int U = 401;
        const int F = 403;
        return
        [
            // no token, old code, expired, other key, broken sig, unknown role, no area | clerk A, clerk B, approver A, approver B,
            // city, other city, province, other province, operator
            new("who am I", "GET", "access", [U, U, U, U, U, F, F, 200, 200, 200, 200, 200, F, 200, F, 200]),
            new("ledger of A", "GET", $"submissions?county={CountyA}&period=2022", [U, U, U, U, U, F, F, 200, F, 200, F, 200, F, 200, F, F]),
            new("ledger, own counties", "GET", "submissions?period=2022", [U, U, U, U, U, F, F, 200, 200, 200, 200, 200, F, 200, F, F]),
            new("A's submission", "GET", "submissions/{A-id}", [U, U, U, U, U, F, F, 200, F, 200, F, 200, F, 200, F, F]),
            new("A's missing submission", "GET", "submissions/{A-missing}", [U, U, U, U, U, F, F, 404, F, 404, F, 404, F, 404, F, F]),
            new("upload for A", "POST", $"submissions/{CountyA}/2022", [U, U, U, U, U, F, F, up, F, up, F, F, F, F, F, F]),
            new("replay A's submission", "POST", "submissions/{A-id}/replay", [U, U, U, U, U, F, F, F, F, F, F, F, F, F, F, 200]),
            new("replay A's missing submission", "POST", "submissions/{A-missing}/replay", [U, U, U, U, U, F, F, F, F, F, F, F, F, F, F, 404]),
            new("indicators", "GET", "indicators?period=2022&area=640300", [U, U, U, U, U, F, F, F, F, F, F, 200, F, 200, F, F]),
            new("completeness", "GET", "completeness?period=2022", [U, U, U, U, U, F, F, F, F, F, F, 200, F, 200, F, F]),
            new("recalculate", "POST", "recalculate?period=2022", [U, U, U, U, U, F, F, F, F, F, F, 200, F, F, F, 200]),
            new("template of A", "GET", $"template?county={CountyA}&period=2022", [U, U, U, U, U, F, F, 200, F, 200, F, 200, F, 200, F, F]),
        ];
    }

    /// <summary>The credentials of every caller: tokens from the local provider's dev grant, or minted for the two cases it will not issue.</summary>
    public static async Task<Dictionary<Caller, CallerCredentials>> CredentialsAsync()
    {
        static CallerCredentials Bearer(string token) => new("Bearer " + token, null);
        var clerkA = await LocalIdentity.ForRoleAsync("county-clerk", CountyA);
        return new Dictionary<Caller, CallerCredentials>
        {
            [Caller.NoToken] = new(null, null),
            [Caller.OldAccessCode] = new(null, "local-yanchi-640323"),
            [Caller.Expired] = Bearer(LocalIdentity.Expired("county-clerk", CountyA)),
            [Caller.SignedByAnotherKey] = Bearer(LocalIdentity.SignedByAnotherKey("county-clerk", CountyA)),
            [Caller.BrokenSignature] = Bearer(LocalIdentity.BreakSignature(clerkA)),
            [Caller.UnknownRole] = Bearer(await LocalIdentity.ForRoleAsync("county-mayor", CountyA)),
            [Caller.NoArea] = Bearer(await LocalIdentity.ForRoleAsync("county-clerk", null)),
            [Caller.ClerkA] = Bearer(clerkA),
            [Caller.ClerkB] = Bearer(await LocalIdentity.ForRoleAsync("county-clerk", CountyB)),
            [Caller.ApproverA] = Bearer(await LocalIdentity.ForUserAsync("yanchi-approver")),
            [Caller.ApproverB] = Bearer(await LocalIdentity.ForUserAsync("litong-approver")),
            [Caller.CityReviewer] = Bearer(await LocalIdentity.ForUserAsync("city-reviewer")),
            [Caller.OtherCityReviewer] = Bearer(await LocalIdentity.ForRoleAsync("city-reviewer", "640500")),
            [Caller.ProvinceReviewer] = Bearer(await LocalIdentity.ForUserAsync("province-reviewer")),
            [Caller.OtherProvinceReviewer] = Bearer(await LocalIdentity.ForRoleAsync("province-reviewer", "650000")),
            [Caller.Operator] = Bearer(await LocalIdentity.ForUserAsync("operator")),
        };
    }

    /// <summary>The matrix as text, one line per row, so a failure shows every cell that differs at once.</summary>
    public static string Format(IEnumerable<(string Label, int[] Statuses)> rows)
    {
        var sb = new StringBuilder();
        foreach (var (label, statuses) in rows)
        {
            sb.Append(label.PadRight(32)).AppendLine(string.Join(' ', statuses));
        }

        return sb.ToString();
    }
}
