using System.Globalization;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre validate FILE --county CODE --period YEAR [--json]</c>: the ingest's own validation, offline. Nothing is
/// stored, so ID numbers are hashed under a random per-run key.
/// </summary>
internal sealed class ValidateCommand(TextWriter? output = null, TextWriter? error = null) : ICadreCommand
{
    private readonly TextWriter _out = output ?? Console.Out;
    private readonly TextWriter _err = error ?? Console.Error;

    public string Name => "validate";

    public string Usage => "validate FILE --county CODE --period YEAR [--json]";

    public Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var unknown = args.Unknown("county", "period", "json").ToList();
        if (args.Positional.Count != 1 || unknown.Count > 0)
        {
            _err.WriteLine($"用法 usage: ./cadre {Usage}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var county = CommandOptions.County(args, _err);
        var period = CommandOptions.Period(args, _err);
        if (county is null || period is null)
        {
            return Task.FromResult(ExitCodes.Usage);
        }

        var path = args.Positional[0];
        if (!File.Exists(path))
        {
            _err.WriteLine($"文件不存在 file not found: {path}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var hasher = HmacIdHasher.CreateRandom();
        // Only the report is wanted: accepted rows are dropped once validated, so memory stays flat however long the file.
        var engine = new IntakeEngine(FormCatalog.Default, CliHost.Areas, hasher, new IntakeOptions { KeepAcceptedRecords = false });
        IntakeResult result;
        using (var stream = File.OpenRead(path))
        {
            result = engine.Validate(stream, Path.GetFileName(path), county, period.Value, null, cancellationToken);
        }

        if (args.Has("json"))
        {
            _out.WriteLine(result.Report.ToJson());
        }
        else
        {
            PrintSummary(result.Report);
        }

        return Task.FromResult(result.Report.Valid ? ExitCodes.Ok : ExitCodes.Failed);
    }

    private void PrintSummary(ValidationReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        _out.WriteLine(string.Create(inv, $"文件 file: {report.File}  县 county: {report.County}  期 period: {report.Period}"));
        _out.WriteLine(report.Valid ? "结果 result: 通过 valid" : string.Create(inv, $"结果 result: 有错误 invalid ({report.ErrorCount} errors, {report.WarningCount} warnings)"));
        foreach (var f in report.FileFindings)
        {
            _out.WriteLine($"  [{Sev(f.Severity)}] {f.Code}: {f.Message} / {f.MessageEn}");
        }

        foreach (var s in report.Sheets)
        {
            _out.WriteLine(string.Create(inv, $"工作表 sheet \"{s.Sheet}\": 报表 form {s.Form ?? "-"}, 读取 rows read {s.RowsRead}, 接受 accepted {s.RowsAccepted}"));
            foreach (var f in s.Findings)
            {
                var where = f.Cell ?? (f.Row is { } r ? string.Create(inv, $"row {r}") : "-");
                var value = f.Value is null ? "" : $" «{f.Value}»";
                _out.WriteLine($"  [{Sev(f.Severity)}] {s.Sheet}!{where} {f.Code}{value}: {f.Message} / {f.MessageEn}");
            }
        }
    }

    private static string Sev(Severity s) => s == Severity.Error ? "错误 error" : "警告 warning";
}

/// <summary>Parsing of the options several verbs share.</summary>
internal static class CommandOptions
{
    /// <summary>The county given by <c>--county</c> (code or name), or null after printing why.</summary>
    public static string? County(CommandArgs args, TextWriter err)
    {
        var written = args.Get("county");
        var code = written is null ? null : CliHost.Areas.ResolveCode(written);
        if (code is null || !CliHost.Areas.IsCounty(code))
        {
            err.WriteLine($"需要有效的县区代码 --county CODE is required (one of {string.Join(", ", CliHost.Areas.Counties.Select(c => c.Code))})");
            return null;
        }

        return code;
    }

    public static int? Period(CommandArgs args, TextWriter err)
    {
        var period = args.GetInt("period");
        if (period is null or < 1900 or > 2100)
        {
            err.WriteLine("需要报告年度 --period YEAR is required, e.g. --period 2022");
            return null;
        }

        return period;
    }
}
