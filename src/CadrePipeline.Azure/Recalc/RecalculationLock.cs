using System.Net;
using CadrePipeline.Azure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Recalc;

/// <summary>
/// A lease that keeps one recalculation of a period at a time across instances: a Cosmos document
/// (<c>submissions</c>, pk <c>locks</c>) changed only under ETag conditions, with an expiry read from the
/// <see cref="TimeProvider"/>, so a crashed holder blocks the next run no longer than the lease.
/// </summary>
public sealed class RecalculationLock(CosmosStore store, TimeProvider time)
{
    public const string PartitionKey = "locks";

    public static TimeSpan DefaultLease { get; } = TimeSpan.FromMinutes(5);

    public async Task<(Lease? Lease, DateTimeOffset? BusyUntil)> TryAcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var id = $"lock:{name}";
        var now = time.GetUtcNow();
        var doc = new LockDocument { Id = id, Pk = PartitionKey, Owner = Guid.NewGuid().ToString("N"), ExpiresAtUtc = now + lease };
        var (existing, etag) = await store.TryReadAsync<LockDocument>(store.Submissions, id, PartitionKey, cancellationToken);
        try
        {
            ItemResponse<LockDocument> written;
            if (existing is null)
            {
                written = await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(PartitionKey), cancellationToken: ct), cancellationToken);
            }
            else if (existing.ExpiresAtUtc <= now)
            {
                written = await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(doc, id, new PartitionKey(PartitionKey), new ItemRequestOptions { IfMatchEtag = etag }, ct), cancellationToken);
            }
            else
            {
                return (null, existing.ExpiresAtUtc);
            }

            return (new Lease(this, doc, written.ETag), null);
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            // Someone else acquired it between our read and our write, or our own write went through, its answer
            // was lost and the repeat conflicted with it: the owner written tells which.
            var (held, heldEtag) = await store.TryReadAsync<LockDocument>(store.Submissions, id, PartitionKey, cancellationToken);
            if (held is not null && heldEtag is not null && held.Owner == doc.Owner)
            {
                return (new Lease(this, doc, heldEtag), null);
            }

            return (null, held?.ExpiresAtUtc ?? now + lease);
        }
    }

    private async Task ReleaseAsync(LockDocument doc, string etag)
    {
        try
        {
            await store.RunAsync(ct => store.Submissions.DeleteItemAsync<LockDocument>(doc.Id, new PartitionKey(PartitionKey), new ItemRequestOptions { IfMatchEtag = etag }, ct), CancellationToken.None);
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            // It expired and someone else holds it now: theirs to release.
        }
    }

    public sealed class Lease(RecalculationLock owner, LockDocument doc, string etag) : IAsyncDisposable
    {
        public DateTimeOffset ExpiresAtUtc => doc.ExpiresAtUtc;

        public ValueTask DisposeAsync() => new(owner.ReleaseAsync(doc, etag));
    }

    public sealed class LockDocument
    {
        public string Id { get; set; } = "";

        public string Pk { get; set; } = "";

        public string Owner { get; set; } = "";

        public DateTimeOffset ExpiresAtUtc { get; set; }
    }
}
