using System.Globalization;

namespace CadrePipeline.Core.Indicators.Filters;

/// <summary>Gives a filter the value of a field of the row (or register unit) being tested.</summary>
public interface IFieldSource
{
    /// <summary>The field's value: string, bool, decimal, DateOnly or null when blank or absent.</summary>
    object? Get(string field);
}

/// <summary>The period (and term) a filter is evaluated for; supplies the variables of the filter language.</summary>
public sealed record FilterContext(int Period, int? TermYear)
{
    public DateOnly PeriodStart => new(Period, 1, 1);

    public DateOnly PeriodEnd => new(Period, 12, 31);

    /// <summary>1 January of the current term year; null when no term is known.</summary>
    public DateOnly? TermStart => TermYear is { } t ? new DateOnly(t, 1, 1) : null;
}

/// <summary>
/// A compiled filter condition. The language is small and declarative:
/// <c>field op value</c> (op one of = != &gt; &gt;= &lt; &lt;=), <c>field in ('a', 'b')</c>,
/// <c>field is blank</c> / <c>field is not blank</c>, a bare bool field (<c>townshipExperience</c>),
/// <c>all(f1, f2, ...)</c> (all bool fields true), <c>not</c>, <c>and</c>, <c>or</c>, parentheses and
/// <c>number * field</c> products. Literals are numbers, ISO dates (<c>2020-01-01</c>) and 'quoted' strings.
/// Variables: <c>period</c>, <c>periodStart</c>, <c>periodEnd</c>, <c>termStart</c>.
/// A comparison with a blank operand is false.
/// </summary>
public abstract class FilterExpression
{
    private protected FilterExpression()
    {
    }

    /// <summary>Evaluates the condition for one row.</summary>
    public abstract bool Evaluate(IFieldSource row, FilterContext context);

    /// <summary>True when the expression mentions the field or variable <paramref name="name"/>.</summary>
    public abstract bool References(string name);

    /// <summary>Parses one condition; throws <see cref="FormatException"/> with the position on a syntax error.</summary>
    public static FilterExpression Parse(string text) => new FilterParser(text).ParseAll();

    /// <summary>All of <paramref name="conditions"/> (null when the list is empty).</summary>
    public static FilterExpression? ParseAll(IReadOnlyList<string> conditions)
    {
        FilterExpression? result = null;
        foreach (var c in conditions)
        {
            var e = Parse(c);
            result = result is null ? e : new AndNode(result, e);
        }

        return result;
    }
}

internal sealed class AndNode(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context) => left.Evaluate(row, context) && right.Evaluate(row, context);

    public override bool References(string name) => left.References(name) || right.References(name);
}

internal sealed class OrNode(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context) => left.Evaluate(row, context) || right.Evaluate(row, context);

    public override bool References(string name) => left.References(name) || right.References(name);
}

internal sealed class NotNode(FilterExpression inner) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context) => !inner.Evaluate(row, context);

    public override bool References(string name) => inner.References(name);
}

internal sealed class TruthyNode(Operand operand) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context) => operand.Value(row, context) is true;

    public override bool References(string name) => operand.References(name);
}

internal sealed class AllTrueNode(IReadOnlyList<string> fields) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context)
    {
        foreach (var f in fields)
        {
            if (row.Get(f) is not true)
            {
                return false;
            }
        }

        return true;
    }

    public override bool References(string name) => fields.Contains(name, StringComparer.Ordinal);
}

internal sealed class BlankNode(Operand operand, bool negate) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context)
    {
        var v = operand.Value(row, context);
        var blank = v is null || (v is string s && string.IsNullOrWhiteSpace(s));
        return blank != negate;
    }

    public override bool References(string name) => operand.References(name);
}

internal sealed class InNode(Operand operand, IReadOnlyList<object> values) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context)
    {
        var v = operand.Value(row, context);
        if (v is null)
        {
            return false;
        }

        foreach (var candidate in values)
        {
            if (Comparison.Compare(v, candidate) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public override bool References(string name) => operand.References(name);
}

internal sealed class CompareNode(Operand left, string op, Operand right) : FilterExpression
{
    public override bool Evaluate(IFieldSource row, FilterContext context)
    {
        var a = left.Value(row, context);
        var b = right.Value(row, context);
        if (a is null || b is null)
        {
            return false;
        }

        var c = Comparison.Compare(a, b);
        if (c is null)
        {
            return false;
        }

        return op switch
        {
            "=" => c == 0,
            "!=" => c != 0,
            ">" => c > 0,
            ">=" => c >= 0,
            "<" => c < 0,
            "<=" => c <= 0,
            _ => false,
        };
    }

    public override bool References(string name) => left.References(name) || right.References(name);
}

internal static class Comparison
{
    /// <summary>Compares two values of the same kind; null when they cannot be compared.</summary>
    public static int? Compare(object a, object b) => (a, b) switch
    {
        (decimal x, decimal y) => x.CompareTo(y),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        _ => null,
    };
}

internal abstract class Operand
{
    public abstract object? Value(IFieldSource row, FilterContext context);

    public abstract bool References(string name);
}

internal sealed class LiteralOperand(object value) : Operand
{
    public override object? Value(IFieldSource row, FilterContext context) => value;

    public override bool References(string name) => false;
}

internal sealed class FieldOperand(string field) : Operand
{
    public override object? Value(IFieldSource row, FilterContext context) => row.Get(field);

    public override bool References(string name) => string.Equals(field, name, StringComparison.Ordinal);
}

internal sealed class VariableOperand(string variable) : Operand
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "period", "periodStart", "periodEnd", "termStart",
    };

    public override object? Value(IFieldSource row, FilterContext context) => variable switch
    {
        "period" => (decimal)context.Period,
        "periodStart" => context.PeriodStart,
        "periodEnd" => context.PeriodEnd,
        "termStart" => context.TermStart,
        _ => null,
    };

    public override bool References(string name) => string.Equals(variable, name, StringComparison.Ordinal);
}

internal sealed class ProductOperand(Operand left, Operand right) : Operand
{
    public override object? Value(IFieldSource row, FilterContext context) =>
        left.Value(row, context) is decimal a && right.Value(row, context) is decimal b ? a * b : null;

    public override bool References(string name) => left.References(name) || right.References(name);
}

internal sealed class FilterParser
{
    private static readonly string[] Operators = [">=", "<=", "!=", "=", ">", "<"];
    private readonly string _text;
    private int _pos;

    public FilterParser(string text) => _text = text;

    public FilterExpression ParseAll()
    {
        var e = ParseOr();
        SkipSpace();
        if (_pos < _text.Length)
        {
            throw Error("unexpected text");
        }

        return e;
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or"))
        {
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        while (TryKeyword("and"))
        {
            left = new AndNode(left, ParseUnary());
        }

        return left;
    }

    private FilterExpression ParseUnary()
    {
        if (TryKeyword("not"))
        {
            return new NotNode(ParseUnary());
        }

        if (TrySymbol("("))
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        var save = _pos;
        if (TryKeyword("all") && TrySymbol("("))
        {
            var fields = new List<string> { ReadIdentifier() };
            while (TrySymbol(","))
            {
                fields.Add(ReadIdentifier());
            }

            Expect(")");
            return new AllTrueNode(fields);
        }

        _pos = save;
        return ParseComparison();
    }

    private FilterExpression ParseComparison()
    {
        var left = ParseOperand();
        if (TryKeyword("is"))
        {
            var negate = TryKeyword("not");
            if (!TryKeyword("blank"))
            {
                throw Error("expected 'blank'");
            }

            return new BlankNode(left, negate);
        }

        if (TryKeyword("in"))
        {
            Expect("(");
            var values = new List<object> { ReadLiteral() };
            while (TrySymbol(","))
            {
                values.Add(ReadLiteral());
            }

            Expect(")");
            return new InNode(left, values);
        }

        SkipSpace();
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return new CompareNode(left, op, ParseOperand());
            }
        }

        return new TruthyNode(left);
    }

    private Operand ParseOperand()
    {
        var left = ParseAtom();
        while (TrySymbol("*"))
        {
            left = new ProductOperand(left, ParseAtom());
        }

        return left;
    }

    private Operand ParseAtom()
    {
        SkipSpace();
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            var name = ReadIdentifier();
            return VariableOperand.Names.Contains(name) ? new VariableOperand(name) : new FieldOperand(name);
        }

        return new LiteralOperand(ReadLiteral());
    }

    private object ReadLiteral()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("expected a value");
        }

        if (_text[_pos] == '\'')
        {
            var end = _text.IndexOf('\'', _pos + 1);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            var s = _text[(_pos + 1)..end];
            _pos = end + 1;
            return s;
        }

        var start = _pos;
        if (_text[_pos] is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or '-'))
        {
            _pos++;
        }

        var token = _text[start.._pos];
        if (token.Length == 10 && token[4] == '-' && DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (decimal.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        _pos = start;
        throw Error("expected a number, a date (yyyy-MM-dd) or a 'string'");
    }

    private string ReadIdentifier()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos == start || char.IsAsciiDigit(_text[start]))
        {
            _pos = start;
            throw Error("expected a field name");
        }

        return _text[start.._pos];
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) != 0)
        {
            return false;
        }

        var after = _pos + keyword.Length;
        if (after < _text.Length && (char.IsAsciiLetterOrDigit(_text[after]) || _text[after] == '_'))
        {
            return false;
        }

        _pos = after;
        return true;
    }

    private bool TrySymbol(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, symbol, 0, symbol.Length) != 0)
        {
            return false;
        }

        _pos += symbol.Length;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw Error($"expected '{symbol}'");
        }
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private FormatException Error(string message) =>
        new($"filter \"{_text}\": {message} at position {_pos + 1}");
}
