using System.Net;
using CadrePipeline.Azure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Recalc;

/// <summary>
/// A lease that keeps one recalculation of a period at a time across instances: a Cosmos document
/// (<c>submissions</c>, pk <c>locks</c>) changed only under ETag conditions, with an expiry read from the
/// <see cref="TimeProvider"/>, so a crashed holder blocks the next run no longer than the lease. A holder renews its
/// lease every third of it while it runs (<see cref="Lease"/>), so the lease can be short (one minute by default,
/// <c>Recalc:LockLease</c>) however long a publication takes.
/// </summary>
public sealed class RecalculationLock(CosmosStore store, TimeProvider time)
{
    private readonly CosmosStore store = store;
    private readonly TimeProvider time = time;

    public const string PartitionKey = "locks";

    public static TimeSpan DefaultLease { get; } = TimeSpan.FromMinutes(1);

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    public async Task<(Lease? Lease, DateTimeOffset? BusyUntil)> TryAcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var id = $"lock:{name}";
        var now = time.GetUtcNow();
        var doc = new LockDocument { Id = id, Pk = PartitionKey, Owner = Guid.NewGuid().ToString("N"), ExpiresAtUtc = now + lease };
        try
        {
            // A released lock is deleted, so the usual case is one create; an existing document is read only then.
            ItemResponse<LockDocument> written;
            try
            {
                written = await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(PartitionKey), NoContent, ct), cancellationToken);
            }
            catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                var (existing, etag) = await store.TryReadAsync<LockDocument>(store.Submissions, id, PartitionKey, cancellationToken);
                if (existing is not null && existing.Owner == doc.Owner && etag is not null)
                {
                    // Our own create went through and its answer was lost.
                    return (new Lease(this, doc, etag, lease), null);
                }

                if (existing is not null && existing.ExpiresAtUtc > now)
                {
                    return (null, existing.ExpiresAtUtc);
                }

                written = existing is null
                    ? await store.RunAsync(ct => store.Submissions.CreateItemAsync(doc, new PartitionKey(PartitionKey), NoContent, ct), cancellationToken)
                    : await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(doc, id, new PartitionKey(PartitionKey), new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct), cancellationToken);
            }

            return (new Lease(this, doc, written.ETag, lease), null);
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            // Someone else acquired it between our read and our write, or our own write went through, its answer
            // was lost and the repeat conflicted with it: the owner written tells which.
            var (held, heldEtag) = await store.TryReadAsync<LockDocument>(store.Submissions, id, PartitionKey, cancellationToken);
            if (held is not null && heldEtag is not null && held.Owner == doc.Owner)
            {
                return (new Lease(this, doc, heldEtag, lease), null);
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

    /// <summary>A held lock: renewed every third of its duration until disposed, then released.</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private readonly RecalculationLock _owner;
        private readonly LockDocument _doc;
        private readonly TimeSpan _duration;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly ITimer _renewal;
        private string _etag;
        private bool _released;

        internal Lease(RecalculationLock owner, LockDocument doc, string etag, TimeSpan duration)
        {
            _owner = owner;
            _doc = doc;
            _etag = etag;
            _duration = duration;
            var every = duration / 3;
            _renewal = owner.time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
        }

        public DateTimeOffset ExpiresAtUtc => _doc.ExpiresAtUtc;

        /// <summary>False once a renewal found the lock taken over (this holder was too slow to renew it).</summary>
        public bool Held { get; private set; } = true;

        /// <summary>Stops renewing without releasing: what a crashed process leaves behind (tests).</summary>
        internal async Task AbandonAsync()
        {
            await _renewal.DisposeAsync();
            _released = true;
        }

        /// <summary>Pushes the expiry one lease ahead (the timer calls it; callable directly).</summary>
        public async Task RenewAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_released || !Held)
                {
                    return;
                }

                _doc.ExpiresAtUtc = _owner.time.GetUtcNow() + _duration;
                var store = _owner.store;
                var written = await store.RunAsync(ct => store.Submissions.ReplaceItemAsync(_doc, _doc.Id, new PartitionKey(RecalculationLock.PartitionKey), new ItemRequestOptions { IfMatchEtag = _etag }, ct), CancellationToken.None);
                _etag = written.ETag;
            }
            catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                Held = false;
            }
            catch (Exception ex) when (CosmosResilience.IsTransient(ex, CancellationToken.None))
            {
                // The next tick tries again; the lease is three ticks long.
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _renewal.DisposeAsync();
            await _gate.WaitAsync();
            try
            {
                _released = true;
                if (Held)
                {
                    await _owner.ReleaseAsync(_doc, _etag);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    public sealed class LockDocument
    {
        public string Id { get; set; } = "";

        public string Pk { get; set; } = "";

        public string Owner { get; set; } = "";

        public DateTimeOffset ExpiresAtUtc { get; set; }
    }
}
