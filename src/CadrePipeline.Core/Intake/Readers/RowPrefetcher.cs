using System.Runtime.ExceptionServices;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Reads rows on a background task while the caller validates the previous ones: a two-stage pipeline with a bounded
/// hand-off, so memory stays flat. Rows arrive in file order; a reader's exception is rethrown to the caller as it was,
/// after the rows read before it. Rows travel in batches and the threads meet only to pass a batch (a plain monitor,
/// no spinning collection: on a busy machine spinning took CPU from the reader it was waiting for).
/// </summary>
internal static class RowPrefetcher
{
    private const int Batch = 512;

    public static IEnumerable<SheetRow> Prefetch(IEnumerator<SheetRow> rows, int capacity, CancellationToken cancellationToken)
    {
        var handoff = new Handoff(Math.Max(1, capacity / Batch));
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
                        handoff.Add([.. batch], stop.Token);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    handoff.Add([.. batch], stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                if (batch.Count > 0)
                {
                    handoff.Add([.. batch], CancellationToken.None, force: true);
                }
            }
            finally
            {
                handoff.Complete();
            }
        }, CancellationToken.None);

        try
        {
            while (handoff.TryTake(out var batch, cancellationToken))
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
            handoff.Complete();
            producer.Wait(CancellationToken.None);
        }

        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A bounded queue of batches guarded by one monitor.</summary>
    private sealed class Handoff(int capacity)
    {
        private readonly Queue<SheetRow[]> _queue = new();
        private bool _completed;

        public void Add(SheetRow[] batch, CancellationToken cancellationToken, bool force = false)
        {
            lock (_queue)
            {
                while (!force && _queue.Count >= capacity && !_completed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_queue, 50);
                }

                cancellationToken.ThrowIfCancellationRequested();
                _queue.Enqueue(batch);
                Monitor.PulseAll(_queue);
            }
        }

        public bool TryTake(out SheetRow[] batch, CancellationToken cancellationToken)
        {
            lock (_queue)
            {
                while (_queue.Count == 0 && !_completed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_queue, 50);
                }

                if (_queue.Count == 0)
                {
                    batch = [];
                    return false;
                }

                batch = _queue.Dequeue();
                Monitor.PulseAll(_queue);
                return true;
            }
        }

        public void Complete()
        {
            lock (_queue)
            {
                _completed = true;
                Monitor.PulseAll(_queue);
            }
        }
    }
}
