using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Intake.Readers;

namespace CadrePipeline.Core.Tests.Intake.Readers;

public sealed class XmlGuardStreamTests
{
    /// <summary>Hands out at most <paramref name="chunk"/> bytes per read, so every state is split across reads.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(chunk, buffer.Length)]);
    }

    private static void Drain(string xml, Encoding encoding, int chunk, IntakeOptions options)
    {
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(xml)).ToArray();
        using var guard = new XmlGuardStream(new Trickle(bytes, chunk), "xl/worksheets/sheet1.xml", options);
        var buffer = new byte[4096];
        while (guard.Read(buffer) > 0)
        {
        }
    }

    /// <summary>Nests <paramref name="depth"/> elements, each level with the constructs that must not count as one.</summary>
    private static string Nested(int depth)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>");
        for (var i = 0; i < depth; i++)
        {
            sb.Append("<e a=\"x/>y\" b='>'><!-- <f> --><![CDATA[<g>]]><h/><i  /><?pi <j>?>");
        }

        for (var i = 0; i < depth; i++)
        {
            sb.Append("</e>");
        }

        return sb.ToString();
    }

    public static TheoryData<int, string> Cases() => new()
    {
        { 1, "utf-8" }, { 2, "utf-8" }, { 3, "utf-8" }, { 4096, "utf-8" }, { 1, "utf-16" }, { 3, "utf-16" }, { 4096, "utf-16BE" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_NestingAtTheCapWithCommentsCDataAndQuotedMarkup_Passes(int chunk, string encoding) =>
        Drain(Nested(10), Encoding.GetEncoding(encoding), chunk, new IntakeOptions { MaxXmlDepth = 10 });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_OneLevelPastTheCap_SheetTooLarge(int chunk, string encoding)
    {
        var e = Assert.Throws<IntakeLimitException>(() => Drain(Nested(11), Encoding.GetEncoding(encoding), chunk, new IntakeOptions { MaxXmlDepth = 10 }));

        Assert.Equal("sheet-too-large", e.Code);
        Assert.Contains("deeper than 10", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<a>{0}</a>")]
    [InlineData("<a b=\"{0}\"/>")]
    [InlineData("<a><!--{0}--></a>")]
    [InlineData("<a><![CDATA[{0}]]></a>")]
    public void Read_TokenLongerThanCap_SheetTooLarge(string shape)
    {
        var xml = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, new string('z', 2000));

        var e = Assert.Throws<IntakeLimitException>(() => Drain(xml, Encoding.UTF8, 700, new IntakeOptions { MaxXmlTokenBytes = 1000 }));

        Assert.Contains("longer than 1000 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyShortTokensSummingPastTheCap_Passes() =>
        Drain("<a>" + string.Concat(Enumerable.Repeat("<b c=\"12345\">678</b>", 1000)) + "</a>", Encoding.UTF8, 333, new IntakeOptions { MaxXmlTokenBytes = 1000 });
}
