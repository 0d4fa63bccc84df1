using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CadrePipeline.Azure.Tests.Recalc;

[Collection(LocalStackCollection.Name)]
public sealed class RecalculationLockTests(LocalStackFixture stack)
{
    [Fact]
    public async Task TryAcquire_TwoConcurrentCallers_ExactlyOneHoldsTheLease()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var a = scope.Get<RecalculationLock>();
        var b = new RecalculationLock(scope.Get<CadrePipeline.Azure.Cosmos.CosmosStore>(), clock);

        var results = await Task.WhenAll(
            a.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None),
            b.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Single(results, r => r.Lease is not null);
        var loser = Assert.Single(results, r => r.Lease is null);
        Assert.NotNull(loser.BusyUntil);
        await results.Single(r => r.Lease is not null).Lease!.DisposeAsync();
    }

    [Fact]
    public async Task TryAcquire_HolderCrashed_BlocksUntilLeaseExpiresThenGranted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var locks = scope.Get<RecalculationLock>();

        // The first holder "crashes": it stops renewing and never releases its lease.
        var (crashed, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(crashed);
        await crashed.AbandonAsync();

        clock.Advance(TimeSpan.FromMinutes(4));
        var (early, busyUntil) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Null(early);
        Assert.Equal(new DateTimeOffset(2023, 1, 5, 8, 5, 0, TimeSpan.Zero), busyUntil);

        clock.Advance(TimeSpan.FromMinutes(1));
        var (late, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(late);
        Assert.Equal(new DateTimeOffset(2023, 1, 5, 8, 10, 0, TimeSpan.Zero), late.ExpiresAtUtc);
    }

    [Fact]
    public async Task Renewal_HolderStillRunning_KeepsTheLockPastItsFirstExpiry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var locks = scope.Get<RecalculationLock>();
        var (holder, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.NotNull(holder);

        // A long publication: each minute (a third of the lease) the holder renews, so after 5 minutes — past the
        // first expiry at 8:03 — a second caller is still refused, and the expiry is one lease after the last renewal.
        for (var minute = 1; minute <= 5; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await holder.RenewAsync(); // the timer's renewal may still be in flight; this one is awaited
        }

        var (second, busyUntil) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.Null(second);
        Assert.Equal(new DateTimeOffset(2023, 1, 5, 8, 8, 0, TimeSpan.Zero), busyUntil);
        Assert.True(holder.Held);
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_ReleasedLease_NextCallerAcquiresAtOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var locks = scope.Get<RecalculationLock>();

        var (first, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);
        await first!.DisposeAsync();
        var (second, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.NotNull(second);
    }

    [Fact]
    public async Task TryAcquire_DifferentPeriods_DoNotBlockEachOther()
    {
        await using var scope = stack.CreateScope();
        var locks = scope.Get<RecalculationLock>();

        var (p2022, _) = await locks.TryAcquireAsync("recalc:2022", TimeSpan.FromMinutes(5), CancellationToken.None);
        var (p2023, _) = await locks.TryAcquireAsync("recalc:2023", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.NotNull(p2022);
        Assert.NotNull(p2023);
    }
}
