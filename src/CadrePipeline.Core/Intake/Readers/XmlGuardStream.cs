namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Sits under an <see cref="System.Xml.XmlReader"/> and scans the bytes it is given, so that limits hold before the
/// reader allocates: the nesting depth of elements (<see cref="IntakeOptions.MaxXmlDepth"/>) and the length of any one
/// text run, tag with its attributes, comment or CDATA section (<see cref="IntakeOptions.MaxXmlTokenBytes"/>).
/// XmlReader itself keeps a node per open element and materializes a whole attribute or text value.
/// </summary>
internal sealed class XmlGuardStream(Stream inner, string part, IntakeOptions options) : Stream
{
    private enum State : byte
    {
        Text,
        Open,
        TagName,
        InTag,
        Quoted,
        CloseTag,
        Bang,
        Comment,
        CData,
        Declaration,
        Instruction,
    }

    private const string CDataOpen = "[CDATA[";

    private State _state = State.Text;
    private byte _quote;
    private byte _last;
    private byte _beforeLast;
    private int _bang;
    private long _run;
    private int _depth;
    private int _width;
    private int _pending = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Scan(buffer[..n]);
        return n;
    }

    private void Scan(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_width == 0)
            {
                // The encoding is decided by the first two bytes: a UTF-16 BOM or "<" as UTF-16; otherwise UTF-8.
                if (_pending < 0)
                {
                    _pending = b;
                    continue;
                }

                _width = (_pending, b) is (0xFF, 0xFE) or (0x3C, 0x00) ? 2 : (_pending, b) is (0xFE, 0xFF) or (0x00, 0x3C) ? 3 : 1;
                var first = (byte)_pending;
                _pending = -1;
                if (_width == 1)
                {
                    Unit(first);
                    Unit(b);
                }
                else
                {
                    Unit(_width == 2 ? (first | (b << 8)) : ((first << 8) | b));
                }

                continue;
            }

            if (_width == 1)
            {
                Unit(b);
            }
            else if (_pending < 0)
            {
                _pending = b;
            }
            else
            {
                Unit(_width == 2 ? (_pending | (b << 8)) : ((_pending << 8) | b));
                _pending = -1;
            }
        }
    }

    /// <summary>One byte of UTF-8 or one UTF-16 code unit; only ASCII markup characters matter.</summary>
    private void Unit(int unit)
    {
        var b = unit < 0x80 ? (byte)unit : (byte)0x80;
        var max = options.MaxXmlTokenBytes;
        if (++_run > max)
        {
            throw new IntakeLimitException("sheet-too-large", $"the part {part} holds a text, tag or attribute longer than {max} bytes");
        }

        switch (_state)
        {
            case State.Text:
                if (b == '<')
                {
                    _state = State.Open;
                    _run = 1;
                }

                break;
            case State.Open:
                _state = b switch
                {
                    (byte)'/' => State.CloseTag,
                    (byte)'!' => State.Bang,
                    (byte)'?' => State.Instruction,
                    _ => State.TagName,
                };
                _bang = 0;
                break;
            case State.TagName or State.InTag:
                if (b is (byte)'"' or (byte)'\'')
                {
                    _quote = b;
                    _state = State.Quoted;
                }
                else if (b == '>')
                {
                    if (_last != '/')
                    {
                        Push();
                    }

                    EndMarkup();
                }
                else
                {
                    _state = State.InTag;
                }

                break;
            case State.Quoted:
                if (b == _quote)
                {
                    _state = State.InTag;
                }

                break;
            case State.CloseTag:
                if (b == '>')
                {
                    _depth = Math.Max(0, _depth - 1);
                    EndMarkup();
                }

                break;
            case State.Bang:
                // <!-- comment -->, <![CDATA[ … ]]> or any other declaration (a DTD, which XmlReader refuses).
                if (_bang == 0)
                {
                    _bang = b == '-' ? 1 : b == '[' ? 2 : 0;
                    _state = _bang == 0 ? (b == '>' ? State.Text : State.Declaration) : State.Bang;
                }
                else if (_bang == 1)
                {
                    _state = b == '-' ? State.Comment : State.Declaration;
                }
                else if (++_bang == CDataOpen.Length + 1)
                {
                    _state = State.CData;
                }

                if (_state is State.Comment or State.CData)
                {
                    _last = 0;
                    _beforeLast = 0;
                    return;
                }

                break;
            case State.Comment:
                if (b == '>' && _last == '-' && _beforeLast == '-')
                {
                    EndMarkup();
                }

                break;
            case State.CData:
                if (b == '>' && _last == ']' && _beforeLast == ']')
                {
                    EndMarkup();
                }

                break;
            case State.Declaration:
                if (b == '>')
                {
                    EndMarkup();
                }

                break;
            case State.Instruction:
                if (b == '>' && _last == '?')
                {
                    EndMarkup();
                }

                break;
        }

        if (!(b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' && _state is State.InTag))
        {
            _beforeLast = _last;
            _last = b;
        }
    }

    private void Push()
    {
        if (++_depth > options.MaxXmlDepth)
        {
            throw new IntakeLimitException("sheet-too-large", $"the part {part} nests elements deeper than {options.MaxXmlDepth} levels");
        }
    }

    private void EndMarkup()
    {
        _state = State.Text;
        _run = 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
