using System.Text;

namespace CadrePipeline.Azure.Tests.Api;

/// <summary>Every kind of caller of the API.</summary>
public enum Caller
{
    NoCode,
    WrongCode,
    CountyA,
    CountyB,
    City,
    Operator,
}

/// <summary>One request of the matrix: a route with arguments that are valid, so only the caller decides the answer.</summary>
/// <param name="Label">What the row is, for the failure message.</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path under /api/, with <c>{A-id}</c> (an existing submission of county A) and <c>{A-missing}</c> (an id of county A that does not exist).</param>
/// <param name="Expected">The status for each <see cref="Caller"/>, in its order.</param>
public sealed record MatrixRow(string Label, string Method, string Path, int[] Expected);

/// <summary>
/// The expected status of every route for every caller, written by hand from the rules of docs/upload-page.md
/// (county A = 盐池县 640323, county B = 利通区 640302). Both hosts are held to it; they differ only where an upload is
/// processed (202 stored for the trigger on the Functions app, 200 processed at once on <c>cadre serve</c>).
/// </summary>
public static class RouteMatrix
{
    public const string CountyA = "640323";
    public const string CountyB = "640302";

    /// <summary>An id of county A, period 2022, that no upload has: the sha part is all zeros.</summary>
    public const string MissingIdOfA = "640323-2022-0000000000000000";

    public static MatrixRow[] Rows(int uploadAccepted) =>
    [
        // Statuses for: no code, a wrong code, county A, county B, the city office, an operator.
        new("who am I", "GET", "access", [401, 401, 200, 200, 200, 200]),
        new("ledger of A", "GET", $"submissions?county={CountyA}&period=2022", [401, 401, 200, 403, 200, 403]),
        new("ledger, own county", "GET", "submissions?period=2022", [401, 401, 200, 200, 200, 403]),
        new("A's submission", "GET", "submissions/{A-id}", [401, 401, 200, 403, 200, 403]),
        new("A's missing submission", "GET", "submissions/{A-missing}", [401, 401, 404, 403, 404, 403]),
        new("upload for A", "POST", $"submissions/{CountyA}/2022", [401, 401, uploadAccepted, 403, 403, 403]),
        new("replay A's submission", "POST", "submissions/{A-id}/replay", [401, 401, 403, 403, 403, 200]),
        new("replay A's missing submission", "POST", "submissions/{A-missing}/replay", [401, 401, 403, 403, 403, 404]),
        new("indicators", "GET", "indicators?period=2022&area=640300", [401, 401, 403, 403, 200, 403]),
        new("completeness", "GET", "completeness?period=2022", [401, 401, 403, 403, 200, 403]),
        new("recalculate", "POST", "recalculate?period=2022", [401, 401, 403, 403, 200, 200]),
        new("template of A", "GET", $"template?county={CountyA}&period=2022", [401, 401, 200, 403, 200, 403]),
    ];

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
