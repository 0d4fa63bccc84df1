using System.Collections.Concurrent;
using System.Globalization;
using CadrePipeline.Azure.Hosting;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>One request the Cosmos or Storage client sent, as the counting handler saw it.</summary>
internal sealed record CountedRequest(CadreHttpClientKind Client, string Verb, string Kind, int Status, double? Charge, long RequestBytes, long ResponseBytes, string Path);

/// <summary>
/// Counts every HTTP request of the Cosmos, Blob and Table clients (a <see cref="DelegatingHandler"/> through the
/// production seam <see cref="ICadreHttpHandlerFactory"/>), into the phase currently open; nothing is counted while
/// no phase is open.
/// </summary>
internal sealed class RequestCounter : ICadreHttpHandlerFactory
{
    private volatile ConcurrentQueue<CountedRequest>? _phase;

    public HttpMessageHandler Wrap(CadreHttpClientKind client, HttpMessageHandler inner) => new Handler(this, client) { InnerHandler = inner };

    /// <summary>Counts into a fresh list until the next call; returns the list.</summary>
    public ConcurrentQueue<CountedRequest> Open() => _phase = new ConcurrentQueue<CountedRequest>();

    public void Close() => _phase = null;

    private sealed class Handler(RequestCounter owner, CadreHttpClientKind client) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var phase = owner._phase;
            if (phase is null)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            long sent = 0;
            if (request.Content is { } content)
            {
                sent = content.Headers.ContentLength ?? -1;
                if (sent < 0)
                {
                    await content.LoadIntoBufferAsync(cancellationToken);
                    sent = content.Headers.ContentLength ?? 0;
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            double? charge = response.Headers.TryGetValues("x-ms-request-charge", out var v)
                && double.TryParse(v.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : null;
            var received = response.Content?.Headers.ContentLength ?? 0;
            phase.Enqueue(new CountedRequest(client, request.Method.Method, KindOf(client, request), (int)response.StatusCode, charge, sent, received, Uri.UnescapeDataString(request.RequestUri!.AbsolutePath)));
            return response;
        }
    }

    /// <summary>The resource kind: Cosmos <c>docs</c>/<c>colls</c>/<c>pkranges</c>/…, <c>docs (query)</c>; Blob container/blob/list; Table tables/entity/batch.</summary>
    internal static string KindOf(CadreHttpClientKind client, HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Count > 0 && segments[0] == "devstoreaccount1")
        {
            segments.RemoveAt(0);
        }

        var query = uri.Query;
        switch (client)
        {
            case CadreHttpClientKind.Cosmos:
                var kind = segments.Count == 0 ? "account" : segments[segments.Count % 2 == 0 ? segments.Count - 2 : segments.Count - 1];
                var isQuery = request.Headers.TryGetValues("x-ms-documentdb-isquery", out var q) && q.Any(x => x.Equals("true", StringComparison.OrdinalIgnoreCase))
                    || request.Content?.Headers.ContentType?.MediaType == "application/query+json";
                return isQuery ? kind + " (query)" : kind;
            case CadreHttpClientKind.Blob:
                return query.Contains("comp=list", StringComparison.Ordinal) ? "list"
                    : query.Contains("restype=container", StringComparison.Ordinal) ? "container"
                    : query.Contains("comp=lease", StringComparison.Ordinal) ? "blob lease"
                    : "blob";
            default:
                return segments.Count > 0 && segments[0] == "$batch" ? "batch"
                    : segments.Count > 0 && segments[0].StartsWith("Tables", StringComparison.Ordinal) ? "tables"
                    : "entity";
        }
    }
}

/// <summary>Summaries of counted requests.</summary>
internal static class RequestSummary
{
    /// <summary>
    /// The RU model of docs/storage.md, applied to what was counted (the local server returns no charge): a write
    /// ≈ 5 RU per KB sent (at least 5), a point read 1 RU per KB returned (at least 1), a query ≈ 3 RU plus 1 RU per KB
    /// returned; account, collection and partition-range metadata 1 RU.
    /// </summary>
    public static double ModelRu(CountedRequest r)
    {
        static double Kb(long bytes) => Math.Max(1, Math.Ceiling(bytes / 1024.0));
        if (r.Kind.EndsWith("(query)", StringComparison.Ordinal))
        {
            return 3 + (Kb(r.ResponseBytes) - 1);
        }

        if (r.Kind != "docs")
        {
            return 1;
        }

        return r.Verb is "GET" or "HEAD" ? Kb(r.ResponseBytes) : 5 * Kb(r.RequestBytes);
    }

    public static void Print(string title, IReadOnlyCollection<CountedRequest> all)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(title);
        foreach (var group in all.GroupBy(r => r.Client).OrderBy(g => g.Key))
        {
            var list = group.ToList();
            var charged = list.Where(r => r.Charge is not null).ToList();
            var written = list.Where(r => r.Verb is "POST" or "PUT" or "PATCH" or "MERGE").Sum(r => r.RequestBytes);
            var line = string.Create(inv, $"  {group.Key,-6} {list.Count,4} requests, {written / 1024.0,8:F1} KiB written, {list.Sum(r => r.ResponseBytes) / 1024.0,8:F1} KiB read");
            if (group.Key == CadreHttpClientKind.Cosmos)
            {
                line += charged.Count == 0 ? ", server RU n/a (no x-ms-request-charge header)"
                    : string.Create(inv, $", server RU {charged.Sum(r => r.Charge!.Value):F1} (x-ms-request-charge on {charged.Count}/{list.Count}")
                        + (charged.All(r => r.Charge == 1) ? "; the local server answers 1 for every request, not a real charge)" : ")");
                line += string.Create(inv, $", RU model {list.Sum(ModelRu):F0}");
            }

            Console.WriteLine(line);
            foreach (var k in list.GroupBy(r => (r.Verb, r.Kind)).OrderByDescending(k => k.Count()).ThenBy(k => k.Key.Verb, StringComparer.Ordinal))
            {
                var statuses = string.Join(" ", k.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => string.Create(inv, $"{s.Key}×{s.Count()}")));
                Console.WriteLine(string.Create(inv, $"      {k.Count(),4}  {k.Key.Verb,-6} {k.Key.Kind,-16} {k.Sum(r => r.RequestBytes) / 1024.0,7:F1} KiB sent  status {statuses}"));
            }

            foreach (var failed in list.Where(r => r.Status >= 500).Take(5))
            {
                Console.WriteLine(string.Create(inv, $"      answered {failed.Status}: {failed.Verb} {failed.Path}"));
            }
        }
    }
}
