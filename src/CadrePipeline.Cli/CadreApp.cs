using System.Text;
using CadrePipeline.Cli.Commands;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli;

internal static class CadreApp
{
    /// <summary>Every verb. Add a new verb as a class in Commands/ and list it here.</summary>
    private static ICadreCommand[] Commands() =>
    [
        new DemoCommand(),
        new SubmitCommand(),
        new StatusCommand(),
        new ReplayCommand(),
        new RecalcCommand(),
        new ExportCommand(),
        new RebuildCommand(),
        new ValidateCommand(),
        new TemplateCommand(),
        new ServeCommand(),
        new TokenCommand(),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var commands = Commands();
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            PrintUsage(commands);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"未知命令 unknown verb: {args[0]}. Run ./cadre help.");
            return ExitCodes.Usage;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            return await command.RunAsync(new CommandArgs(args.Skip(1)), cts.Token);
        }
        catch (Exception ex) when (SettingsFailures(ex) is { Count: > 0 } failures)
        {
            // Settings refused at start (e.g. the local secrets with a remote endpoint): the messages, no stack trace.
            foreach (var failure in failures)
            {
                Console.Error.WriteLine($"设置无效 invalid settings: {failure}");
            }

            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("已取消 cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception ex)
        {
            // A fault that outlived every retry: one line, no stack trace; what was stored stays replayable.
            Console.Error.WriteLine($"操作失败 {args[0]} failed: {CliErrors.OneLine(ex)}. 已保存的内容不会丢失 nothing stored is lost; check ./cadre status --failed and run the command again.");
            return ExitCodes.Failed;
        }
    }

    /// <summary>The distinct messages of an options-validation failure (one, or several at start); empty for any other exception.</summary>
    internal static List<string> SettingsFailures(Exception ex) => ex switch
    {
        OptionsValidationException o => [.. o.Failures.Distinct()],
        AggregateException a when a.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. a.InnerExceptions.Cast<OptionsValidationException>().SelectMany(o => o.Failures).Distinct()],
        _ => [],
    };

    private static void PrintUsage(IEnumerable<ICadreCommand> commands)
    {
        Console.WriteLine("usage: ./cadre <verb> [options]");
        foreach (var c in commands)
        {
            Console.WriteLine($"  ./cadre {c.Usage}");
        }
    }
}
