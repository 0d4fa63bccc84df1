using System.Globalization;

namespace CadrePipeline.Core.Indicators;

/// <summary>Display of indicator values. Stored values keep full precision; only display rounds.</summary>
public static class IndicatorFormat
{
    /// <summary>Rounds to one decimal place, half away from zero (四舍五入), as published figures are compared.</summary>
    public static decimal? Round(decimal? value) =>
        value is { } v ? Math.Round(v, 1, MidpointRounding.AwayFromZero) : null;

    /// <summary>
    /// The value rounded to one decimal with its unit: <c>54.7%</c>, <c>+25.0 pp</c>, <c>-1.5 years</c>,
    /// <c>5,570,000 yuan</c>, <c>497 persons</c>. An empty string for no value.
    /// </summary>
    public static string Display(decimal? value, string unit)
    {
        if (Round(value) is not { } r)
        {
            return "";
        }

        var c = CultureInfo.InvariantCulture;
        return unit switch
        {
            "percent" => r.ToString("0.0", c) + "%",
            "percentage-points" => r.ToString("+0.0;-0.0;0.0", c) + " pp",
            "years" => r.ToString("0.0", c) + " years",
            "" or "count" => r.ToString("#,##0.#", c),
            _ => r.ToString("#,##0.#", c) + " " + unit,
        };
    }
}
