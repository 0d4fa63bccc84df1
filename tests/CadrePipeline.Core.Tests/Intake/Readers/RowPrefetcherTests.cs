using CadrePipeline.Core.Intake.Readers;

namespace CadrePipeline.Core.Tests.Intake.Readers;

public sealed class RowPrefetcherTests
{
    private static IEnumerable<SheetRow> Rows(int count, Exception? failAfter = null)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return new SheetRow(i, [Cell.FromText(i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }
    }

    [Fact]
    public void Prefetch_ManyRows_AllInFileOrder()
    {
        var rows = RowPrefetcher.Prefetch(Rows(5000).GetEnumerator(), 1024, default).Select(r => r.RowNumber).ToList();

        Assert.Equal(Enumerable.Range(1, 5000), rows);
    }

    [Fact]
    public void Prefetch_ReaderFails_SameExceptionAfterRowsBeforeIt()
    {
        var seen = new List<int>();
        var e = Assert.Throws<IntakeLimitException>(() =>
        {
            foreach (var r in RowPrefetcher.Prefetch(Rows(700, new IntakeLimitException("sheet-too-large", "x")).GetEnumerator(), 256, default))
            {
                seen.Add(r.RowNumber);
            }
        });

        Assert.Equal("sheet-too-large", e.Code);
        Assert.Equal(700, seen.Count);
    }

    [Fact]
    public void Prefetch_ConsumerStopsEarly_ProducerStops()
    {
        var produced = 0;
        IEnumerable<SheetRow> Counting()
        {
            foreach (var r in Rows(1_000_000))
            {
                produced++;
                yield return r;
            }
        }

        var first = RowPrefetcher.Prefetch(Counting().GetEnumerator(), 256, default).Take(10).ToList();

        Assert.Equal(10, first.Count);
        Assert.True(produced < 10_000, $"produced {produced}");
    }

    [Fact]
    public void Prefetch_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => RowPrefetcher.Prefetch(Rows(10).GetEnumerator(), 256, cts.Token).ToList());
    }
}
