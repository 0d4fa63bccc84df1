using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Reads rows on a background task while the caller validates the previous ones: a two-stage pipeline with a bounded
/// queue, so memory stays flat. Rows arrive in file order; a reader's exception is rethrown to the caller as it was.
/// </summary>
internal static class RowPrefetcher
{
    public static IEnumerable<SheetRow> Prefetch(IEnumerator<SheetRow> rows, int capacity, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<SheetRow[]>(Math.Max(1, capacity / Batch));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(() =>
        {
            var batch = new List<SheetRow>(Batch);
            try
            {
                while (!stop.IsCancellationRequested && rows.MoveNext())
                {
                    batch.Add(rows.Current);
                    if (batch.Count == Batch)
                    {
                        queue.Add([.. batch], stop.Token);
                        batch.Clear();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            try
            {
                // The rows read before the end (or before a failure) are delivered before it.
                if (batch.Count > 0 && !stop.IsCancellationRequested)
                {
                    queue.Add([.. batch], stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None);

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancellationToken))
            {
                foreach (var row in batch)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            stop.Cancel();
            producer.Wait(CancellationToken.None);
        }

        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private const int Batch = 256;
}
