namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// A read-only, forward-only stream over <see cref="Inner"/>, the shape of every wrapper the readers put between an
/// entry or upload and its parser to check bytes as they pass: a derived class implements only
/// <see cref="Read(Span{byte})"/>. Disposing it disposes <see cref="Inner"/> when <paramref name="ownsInner"/> is set.
/// </summary>
internal abstract class ReadOnlyForwardingStream(Stream inner, bool ownsInner = true) : Stream
{
    /// <summary>The stream read from.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
