using System.Security.Cryptography;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre submit PATH... --county CODE --period YEAR [--token T]</c>: upload, then run the same ingest service as the
/// blob trigger. With a token (<c>--token</c> or <c>CADRE_TOKEN</c>) it acts as that person: the token goes through the
/// same validation and upload rule as the API, and the ledger records the person's id and role.
/// </summary>
internal sealed class SubmitCommand : ICadreCommand
{
    public string Name => "submit";

    public string Usage => "submit PATH... --county CODE --period YEAR [--token T]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var county = args.Get("county");
        var period = args.GetInt("period");
        if (args.Positional.Count == 0 || county is null || period is null || args.Unknown("county", "period", "token").Any())
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        var files = ExpandPaths(args.Positional, out var missing);
        if (missing is not null)
        {
            Console.Error.WriteLine($"找不到文件 no such file or folder: {missing}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var code = CliHost.Areas.ResolveCode(county) ?? county;
        Uploader? uploader = null;
        if (CliIdentity.Token(args) is { } token)
        {
            var (user, refused) = await CliIdentity.AuthenticateAsync(services, token, cancellationToken);
            refused ??= services.GetRequiredService<AccessControl>().RequireUpload(user!, code);
            if (refused is not null)
            {
                CliIdentity.PrintRefusal(refused);
                return ExitCodes.Failed;
            }

            uploader = new Uploader(user!.Subject, user.Role);
        }

        var results = await SubmitAsync(services, files, code, period.Value, markUnchanged: true, uploader, cancellationToken);
        return results.All(r => r is not null) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Every .xlsx/.xls/.csv file named, or found (sorted) in the folders named.</summary>
    public static List<string> ExpandPaths(IEnumerable<string> paths, out string? missing)
    {
        missing = null;
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                files.Add(p);
            }
            else if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".xlsx" or ".xls" or ".csv")
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                missing = p;
            }
        }

        return files;
    }

    /// <summary>
    /// Submits each file and prints one line per submission: id, status, rows accepted, errors. A file whose bytes the
    /// ledger already holds for this county and period is not uploaded again (it would change nothing).
    /// </summary>
    public static async Task<List<SubmissionDocument?>> SubmitAsync(
        IServiceProvider services, IReadOnlyList<string> files, string county, int period, bool markUnchanged, Uploader? uploader, CancellationToken cancellationToken)
    {
        var api = services.GetRequiredService<SubmissionApi>();
        var attempts = services.GetRequiredService<IngestAttempts>();
        var ledger = services.GetRequiredService<SubmissionLedger>();
        var progress = new Progress(files.Count);
        var results = new List<SubmissionDocument?>();
        foreach (var file in files)
        {
            progress.Step($"{Path.GetFileName(file)}");
            await using var stream = File.OpenRead(file);
            var id = SubmissionIds.For(county, period, Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken)));
            stream.Position = 0;
            var existing = await ledger.GetAsync(id, cancellationToken);
            SubmissionDocument? doc;
            var unchanged = false;
            if (existing is { Status: SubmissionStatus.Aggregated or SubmissionStatus.Rejected })
            {
                doc = existing;
                unchanged = true;

                // Same bytes: nothing to ingest, but the county's partials must follow its current forms.
                if (existing.Status == SubmissionStatus.Aggregated)
                {
                    await services.GetRequiredService<IngestService>().EnsurePartialsAsync(county, period, cancellationToken);
                }
            }
            else
            {
                // Stored first (the upload is kept whatever happens next), then ingested as the blob trigger would:
                // an attempt that fails on a fault is run again, up to five attempts.
                var periodText = period.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var result = await api.UploadAsync(county, periodText, Path.GetFileName(file), stream, processNow: false, uploader, cancellationToken);
                doc = null;
                if (result.Body is UploadReceipt receipt)
                {
                    var run = await attempts.RunAsync(county, periodText, receipt.StoredFileName(), cancellationToken: cancellationToken);
                    doc = run.Outcome?.Submission;
                    if (run.Outcome is null)
                    {
                        progress.Clear();
                        Console.Error.WriteLine($"{Path.GetFileName(file)}: 处理失败 failed after {run.Attempts} attempts: {CliErrors.OneLine(run.LastError!)}; kept as {receipt.SubmissionId}, replay with ./cadre replay {receipt.SubmissionId}");
                    }
                }
                else if (result.Body is ApiError err)
                {
                    progress.Clear();
                    Console.Error.WriteLine($"{Path.GetFileName(file)}: {err.Message} / {err.MessageEn}");
                }
            }

            progress.Done(doc?.RowsRead ?? 0);
            results.Add(doc);
            if (doc is not null)
            {
                var mark = unchanged && markUnchanged ? "  (unchanged: same bytes already processed)" : "";
                Console.WriteLine(FormatLine(doc) + mark);
            }
        }

        return results;
    }

    public static string FormatLine(SubmissionDocument d) =>
        $"{d.Id}  {d.Status.ToString().ToLowerInvariant(),-10}  accepted {d.RowsAccepted,5}/{d.RowsRead,-5}  errors {d.Errors,3}  warnings {d.Warnings,3}  {d.FileName}";
}
