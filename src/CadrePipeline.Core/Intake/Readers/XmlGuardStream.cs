namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Sits under an <see cref="System.Xml.XmlReader"/> and scans the bytes it is given, so that limits hold before the
/// reader allocates: the nesting depth of elements (<see cref="IntakeOptions.MaxXmlDepth"/>) and the length of any one
/// text run, tag with its attributes, comment or CDATA section (<see cref="IntakeOptions.MaxXmlTokenBytes"/>).
/// XmlReader itself keeps a node per open element and materializes a whole attribute or text value.
/// </summary>
internal sealed class XmlGuardStream(Stream inner, string part, IntakeOptions options) : ReadOnlyForwardingStream(inner)
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

    private static readonly System.Buffers.SearchValues<byte> WhiteSpace = System.Buffers.SearchValues.Create(" \t\r\n"u8);

    private State _state = State.Text;
    private byte _quote;
    private byte _last;
    private byte _beforeLast;
    private int _bang;
    private long _run;
    private int _depth;
    private int _width;
    private int _pending = -1;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        Scan(buffer[..n]);
        return n;
    }

    private void Scan(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (_width == 0 && i < bytes.Length)
        {
            // The encoding is decided by the first two bytes: a UTF-16 BOM or "<" as UTF-16; otherwise UTF-8.
            var b = bytes[i++];
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
        }

        if (_width == 1)
        {
            ScanBytes(bytes[i..]);
            return;
        }

        for (; i < bytes.Length; i++)
        {
            if (_pending < 0)
            {
                _pending = bytes[i];
            }
            else
            {
                Unit(_width == 2 ? (_pending | (bytes[i] << 8)) : ((_pending << 8) | bytes[i]));
                _pending = -1;
            }
        }
    }

    /// <summary>The UTF-8 path: jumps to the next byte that can change the state, so a part is scanned at memory speed.</summary>
    private void ScanBytes(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length)
        {
            var rest = span[i..];
            int k;
            switch (_state)
            {
                case State.Text:
                    k = rest.IndexOf((byte)'<');
                    if (k < 0)
                    {
                        Advance(rest.Length);
                        return;
                    }

                    Advance(k);
                    _state = State.Open;
                    _run = 1;
                    i += k + 1;
                    continue;
                case State.TagName or State.InTag:
                    k = rest.IndexOfAny((byte)'"', (byte)'\'', (byte)'>');
                    if (k < 0)
                    {
                        Advance(rest.Length);
                        NoteLast(rest);
                        _state = State.InTag;
                        return;
                    }

                    Advance(k + 1);
                    if (rest[k] == '>')
                    {
                        NoteLast(rest[..k]);
                        if (_last != '/')
                        {
                            Push();
                        }

                        EndMarkup();
                    }
                    else
                    {
                        _quote = rest[k];
                        _state = State.Quoted;
                    }

                    i += k + 1;
                    continue;
                case State.Quoted:
                    k = rest.IndexOf(_quote);
                    if (k < 0)
                    {
                        Advance(rest.Length);
                        return;
                    }

                    Advance(k + 1);
                    _state = State.InTag;
                    _last = _quote;
                    i += k + 1;
                    continue;
                case State.CloseTag or State.Declaration:
                    k = rest.IndexOf((byte)'>');
                    if (k < 0)
                    {
                        Advance(rest.Length);
                        return;
                    }

                    Advance(k + 1);
                    if (_state == State.CloseTag)
                    {
                        _depth = Math.Max(0, _depth - 1);
                    }

                    EndMarkup();
                    i += k + 1;
                    continue;
                case State.Comment or State.CData or State.Instruction:
                    k = rest.IndexOf((byte)'>');
                    if (k < 0)
                    {
                        Advance(rest.Length);
                        NoteLastTwo(rest);
                        return;
                    }

                    Advance(k + 1);
                    NoteLastTwo(rest[..k]);
                    var ends = _state switch
                    {
                        State.Comment => _last == '-' && _beforeLast == '-',
                        State.CData => _last == ']' && _beforeLast == ']',
                        _ => _last == '?',
                    };
                    if (ends)
                    {
                        EndMarkup();
                    }
                    else
                    {
                        _beforeLast = _last;
                        _last = (byte)'>';
                    }

                    i += k + 1;
                    continue;
                default:
                    // Open and Bang look at one byte at a time.
                    Unit(span[i]);
                    i++;
                    continue;
            }
        }
    }

    private void Advance(int n)
    {
        _run += n;
        if (_run > options.MaxXmlTokenBytes)
        {
            throw new IntakeLimitException("sheet-too-large", $"the part {part} holds a text, tag or attribute longer than {options.MaxXmlTokenBytes} bytes");
        }
    }

    /// <summary>Remembers the last byte of a tag that is not white space, to tell a self-closing tag.</summary>
    private void NoteLast(ReadOnlySpan<byte> scanned)
    {
        var k = scanned.LastIndexOfAnyExcept(WhiteSpace);
        if (k >= 0)
        {
            _last = scanned[k];
        }
    }

    private void NoteLastTwo(ReadOnlySpan<byte> scanned)
    {
        if (scanned.Length >= 2)
        {
            _beforeLast = scanned[^2];
            _last = scanned[^1];
        }
        else if (scanned.Length == 1)
        {
            _beforeLast = _last;
            _last = scanned[0];
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
}
