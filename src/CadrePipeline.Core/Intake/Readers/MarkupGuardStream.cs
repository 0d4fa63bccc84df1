namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Refuses markup with a run of more than <paramref name="maxRun"/> bytes between angle brackets, before an
/// <see cref="System.Xml.XmlReader"/> buffers it: one tag (with all its attributes) or one text node is then bounded,
/// whatever the file holds. A cell's text is far below the cap (32,767 characters are at most 128 KiB of UTF-8).
/// The stream underneath is the caller's upload and is left open.
/// </summary>
internal sealed class MarkupGuardStream(Stream inner, int maxRun) : ReadOnlyForwardingStream(inner, ownsInner: false)
{
    private int _run;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        var span = buffer[..n];
        while (span.Length > 0)
        {
            var i = span.IndexOfAny((byte)'<', (byte)'>');
            if (i < 0)
            {
                _run += span.Length;
                break;
            }

            _run += i;
            Check();
            _run = 0;
            span = span[(i + 1)..];
        }

        Check();
        return n;
    }

    private void Check()
    {
        if (_run > maxRun)
        {
            throw new IntakeLimitException("sheet-too-large", $"the file holds a tag or text of more than {maxRun} bytes");
        }
    }
}
