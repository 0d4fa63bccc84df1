using System.Text.Json;

namespace CadrePipeline.Cli;

/// <summary>The spec's bold reference figures, as transcribed in reference-figures.json, for <c>cadre demo</c> to compare with.</summary>
internal static class ReferenceFigures
{
    public static string Area { get; }

    public static int Period { get; }

    public static IReadOnlyDictionary<string, decimal> Figures { get; }

    /// <summary>The seed's county figures, by county code then indicator (Yanchi's PD06–PD08).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> CountyFigures { get; }

    static ReferenceFigures()
    {
        using var s = typeof(ReferenceFigures).Assembly.GetManifestResourceStream("CadrePipeline.Cli.reference-figures.json")!;
        using var doc = JsonDocument.Parse(s);
        Area = doc.RootElement.GetProperty("area").GetString()!;
        Period = doc.RootElement.GetProperty("period").GetInt32();
        Figures = doc.RootElement.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal());
        CountyFigures = doc.RootElement.GetProperty("counties").EnumerateObject().ToDictionary(
            c => c.Name, c => (IReadOnlyDictionary<string, decimal>)c.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal()));
    }

    /// <summary>A published value agrees with a reference figure after rounding to one decimal.</summary>
    public static bool Agrees(decimal? value, decimal reference) =>
        value is { } v && Math.Round(v, 1, MidpointRounding.AwayFromZero) == Math.Round(reference, 1, MidpointRounding.AwayFromZero);
}
