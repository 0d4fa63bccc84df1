using System.Collections.Frozen;
using System.Globalization;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Intake.Text;

namespace CadrePipeline.Core.Intake;

/// <summary>A parsed date and whether only year and month were written.</summary>
internal readonly record struct ParsedDate(DateOnly Date, bool MonthOnly);

/// <summary>The parsers of forms.md's type table. Each returns false when the cell cannot be read as the type.</summary>
internal static class ValueParsers
{
    private static readonly FrozenDictionary<string, bool> Bools = new Dictionary<string, bool>
    {
        ["是"] = true, ["是的"] = true, ["y"] = true, ["yes"] = true, ["true"] = true, ["1"] = true, ["√"] = true, ["✓"] = true, ["✔"] = true, ["有"] = true, ["对"] = true,
        ["否"] = false, ["不是"] = false, ["n"] = false, ["no"] = false, ["false"] = false, ["0"] = false, ["×"] = false, ["✗"] = false, ["✘"] = false, ["无"] = false, ["没有"] = false,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Unit words that may follow a number in a cell and do not scale it.</summary>
    private const string PlainUnits = "元人个家户名届次月年岁项";

    /// <summary>The text a cell shows (numbers without exponent or trailing zeros).</summary>
    public static string Text(Cell cell) => cell.Kind switch
    {
        CellKind.Text or CellKind.Error => cell.Text ?? "",
        CellKind.Number or CellKind.Date => NumberText(cell.Number),
        CellKind.Bool => cell.Number != 0 ? "TRUE" : "FALSE",
        _ => "",
    };

    public static string NumberText(double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("0.###############", CultureInfo.InvariantCulture);
    }

    public static bool TryBool(Cell cell, out bool value)
    {
        switch (cell.Kind)
        {
            case CellKind.Bool:
                value = cell.Number != 0;
                return true;
            case CellKind.Number when cell.Number is 0 or 1:
                value = cell.Number == 1;
                return true;
            default:
                return Bools.TryGetValue(TextFold.ValueKey(Text(cell)), out value);
        }
    }

    /// <summary>Reads a number in base units: <c>1,234</c>, full-width digits, <c>557万元</c>, <c>1.8亿</c>; a unit in the cell wins over the header's multiplier.</summary>
    public static bool TryNumber(Cell cell, decimal headerMultiplier, out decimal value)
    {
        value = 0;
        if (cell.Kind == CellKind.Number)
        {
            if (double.IsNaN(cell.Number) || double.IsInfinity(cell.Number) || Math.Abs(cell.Number) > 1e20)
            {
                return false;
            }

            value = decimal.Round((decimal)cell.Number * headerMultiplier, 6);
            return true;
        }

        if (cell.Kind != CellKind.Text)
        {
            return false;
        }

        var s = TextFold.ValueKey(cell.Text).Replace(",", "", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return false;
        }

        while (s.Length > 0 && PlainUnits.Contains(s[^1], StringComparison.Ordinal))
        {
            s = s[..^1];
        }

        var multiplier = headerMultiplier;
        if (s.EndsWith('万'))
        {
            multiplier = 10_000m;
            s = s[..^1];
        }
        else if (s.EndsWith('亿'))
        {
            multiplier = 100_000_000m;
            s = s[..^1];
        }

        if (s.Length == 0 || s.Length > 30 || !decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        // 9e27亿 overflows a decimal: such a cell is not a number, reported at its cell.
        if (multiplier != 0 && Math.Abs(n) > decimal.MaxValue / Math.Abs(multiplier))
        {
            return false;
        }

        value = n * multiplier;
        return true;
    }

    /// <summary>
    /// Reads a date: an Excel serial (or a cell with a date format), <c>1985-03-12</c>, <c>1985/3/12</c>, <c>1985.03</c>,
    /// <c>1985.3</c>, <c>198503</c>, <c>19850312</c>, <c>1985年3月</c>, <c>1985年3月12日</c>. Month-only dates take day 1.
    /// </summary>
    public static bool TryDate(Cell cell, out ParsedDate value)
    {
        value = default;
        switch (cell.Kind)
        {
            case CellKind.Date:
                return TrySerial(cell.Number, out value);
            case CellKind.Number:
                var n = cell.Number;
                if (n == Math.Floor(n) && n is >= 190001 and <= 210012)
                {
                    return TryText(NumberText(n), out value);
                }

                if (n == Math.Floor(n) && n is >= 19000101 and <= 21001231)
                {
                    return TryText(NumberText(n), out value);
                }

                if (n != Math.Floor(n) && n is >= 1900 and < 2101)
                {
                    return TryText(NumberText(n), out value);
                }

                // A serial typed into a cell without a date format: Excel's day number, not an OLE date.
                return TrySerial(Readers.ExcelSerial.ToOADate(n, false), out value);
            case CellKind.Text:
                return TryText(TextFold.Fold(cell.Text), out value);
            default:
                return false;
        }
    }

    private static bool TrySerial(double serial, out ParsedDate value)
    {
        value = default;
        if (!double.IsFinite(serial) || serial is < 1 or > 2958465)
        {
            return false;
        }

        value = new ParsedDate(DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial))), false);
        return true;
    }

    private static bool TryText(string s, out ParsedDate value)
    {
        value = default;
        var space = s.IndexOf(' ', StringComparison.Ordinal);
        if (space >= 8 && s.IndexOf(':', space) > space)
        {
            s = s[..space];
        }

        s = s.Replace(" ", "", StringComparison.Ordinal);
        var time = s.IndexOf('T', StringComparison.Ordinal);
        if (time < 0 && s.Length > 10 && s.Contains(':', StringComparison.Ordinal))
        {
            time = 10;
        }

        if (time > 0 && time >= 8)
        {
            s = s[..time];
        }

        if (s.Length is 6 or 8 && s.All(char.IsAsciiDigit))
        {
            var y = int.Parse(s.AsSpan(0, 4), CultureInfo.InvariantCulture);
            var m = int.Parse(s.AsSpan(4, 2), CultureInfo.InvariantCulture);
            var d = s.Length == 8 ? int.Parse(s.AsSpan(6, 2), CultureInfo.InvariantCulture) : 1;
            return Make(y, m, d, s.Length == 6, out value);
        }

        if (s.Length is 5 && s.All(char.IsAsciiDigit))
        {
            return TrySerial(int.Parse(s, CultureInfo.InvariantCulture), out value);
        }

        // yyyy sep m [sep d], where sep is - / . 年 月 and a trailing 日 or 月 is allowed.
        Span<int> partBuffer = stackalloc int[3];
        var count = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || i - start > 4)
            {
                return false;
            }

            if (count == 3)
            {
                return false;
            }

            partBuffer[count++] = int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (i == s.Length)
            {
                break;
            }

            var sep = s[i];
            var expected = count switch
            {
                1 => sep is '-' or '/' or '.' or '年',
                2 => sep is '-' or '/' or '.' or '月',
                _ => sep is '日' or '号',
            };
            if (!expected)
            {
                return false;
            }

            i++;
            if (count == 3 || (count == 2 && sep == '月' && i == s.Length))
            {
                if (i != s.Length)
                {
                    return false;
                }

                break;
            }
        }

        if (count < 2 || partBuffer[0] < 1000)
        {
            return false;
        }

        return Make(partBuffer[0], partBuffer[1], count == 3 ? partBuffer[2] : 1, count == 2, out value);
    }

    private static bool Make(int y, int m, int d, bool monthOnly, out ParsedDate value)
    {
        value = default;
        if (y is < 1900 or > 2100 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        value = new ParsedDate(new DateOnly(y, m, d), monthOnly);
        return true;
    }
}
