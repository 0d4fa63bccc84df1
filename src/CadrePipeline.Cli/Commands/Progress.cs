namespace CadrePipeline.Cli.Commands;

/// <summary>
/// Progress of long work: on a terminal one updating line on stderr (files done of total, rows per second, step);
/// when output is redirected nothing here, since each finished item already prints a plain line.
/// </summary>
internal sealed class Progress(int total)
{
    private readonly bool _interactive = !Console.IsErrorRedirected && !Console.IsOutputRedirected;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _done;
    private long _rows;

    public void Step(string step)
    {
        if (_interactive)
        {
            var rate = _clock.Elapsed.TotalSeconds > 0 ? _rows / _clock.Elapsed.TotalSeconds : 0;
            Console.Error.Write($"\r\u001b[K[{_done}/{total}] {rate:0} 行/秒 rows/s · {step}");
        }
    }

    public void Done(long rows)
    {
        _done++;
        _rows += rows;
        Clear();
    }

    public void Clear()
    {
        if (_interactive)
        {
            Console.Error.Write("\r\u001b[K");
        }
    }
}
