using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Templates;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre template --county CODE --period YEAR --out FILE.xlsx</c>: the blank template generated from the form definitions.</summary>
internal sealed class TemplateCommand(TextWriter? output = null, TextWriter? error = null) : ICadreCommand
{
    private readonly TextWriter _out = output ?? Console.Out;
    private readonly TextWriter _err = error ?? Console.Error;

    public string Name => "template";

    public string Usage => "template --county CODE --period YEAR --out FILE.xlsx";

    public Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var path = args.Get("out");
        if (args.Positional.Count > 0 || args.Unknown("county", "period", "out").Any() || string.IsNullOrEmpty(path))
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

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using (var file = File.Create(path))
        {
            TemplateWriter.Write(file, FormCatalog.Default, CliHost.Areas, county, period.Value);
        }

        _out.WriteLine($"模板已写入 template written: {path}");
        return Task.FromResult(ExitCodes.Ok);
    }
}
