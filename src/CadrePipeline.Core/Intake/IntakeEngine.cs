using System.Security.Cryptography;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Intake;

/// <summary>
/// Reads an uploaded workbook or CSV, recognises each sheet's form by its header, validates and normalizes every row
/// against the form definitions, and reports what it found in the shape of <c>validation-report.md</c>.
/// One engine serves every form; it never evaluates formulas and never holds a sheet as a whole.
/// </summary>
public sealed class IntakeEngine
{
    private readonly FormCatalog _forms;
    private readonly AreaCatalog _areas;
    private readonly IIdHasher _hasher;
    private readonly IntakeOptions _options;
    private readonly HeaderMatcher _matcher;

    public IntakeEngine(FormCatalog forms, AreaCatalog areas, IIdHasher hasher, IntakeOptions? options = null)
    {
        _forms = forms;
        _areas = areas;
        _hasher = hasher;
        _options = options ?? IntakeOptions.Default;
        _matcher = new HeaderMatcher(forms);
    }

    public FormCatalog Forms => _forms;

    /// <summary>
    /// Validates one file. <paramref name="countyCode"/> is the submitting county; rows naming another county are rejected.
    /// <paramref name="register"/> is that county's village register, when one has been accepted.
    /// Never throws for bad content: every problem becomes a finding. Only cancellation propagates.
    /// </summary>
    public IntakeResult Validate(Stream content, string fileName, string countyCode, int period, VillageRegister? register = null, CancellationToken cancellationToken = default) =>
        Validate(content, fileName, countyCode, period, register, null, cancellationToken);

    /// <summary>
    /// As <see cref="Validate(Stream, string, string, int, VillageRegister?, CancellationToken)"/>, handing each accepted
    /// row to <paramref name="sink"/> when one is given (the batches then carry no records).
    /// </summary>
    public IntakeResult Validate(Stream content, string fileName, string countyCode, int period, VillageRegister? register, IAcceptedRecordSink? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var fileFindings = new List<Finding>();
        var sheets = new List<SheetReport>();
        var batches = new List<FormBatch>();
        Stream? owned = null;
        string sha;
        Stream seekable;
        try
        {
            (seekable, sha, owned) = Prepare(content, cancellationToken);
        }
        catch (IntakeLimitException e)
        {
            fileFindings.Add(Findings.FileTooLarge(e.Message));
            return Result(fileName, countyCode, period, "", fileFindings, sheets, []);
        }

        try
        {
            ReadFile(seekable, fileName, countyCode, period, register, sink, fileFindings, sheets, batches, cancellationToken);
        }
        finally
        {
            owned?.Dispose();
        }

        var hasFileError = fileFindings.Any(f => f.Severity == Severity.Error);
        return Result(fileName, countyCode, period, sha, fileFindings, sheets, hasFileError ? [] : batches);
    }

    private static IntakeResult Result(string file, string county, int period, string sha, List<Finding> fileFindings, List<SheetReport> sheets, List<FormBatch> batches) =>
        new()
        {
            Report = new ValidationReport { File = file, County = county, Period = period, Sha256 = sha, FileFindings = fileFindings, Sheets = sheets },
            Batches = batches,
        };

    private void ReadFile(Stream stream, string fileName, string countyCode, int period, VillageRegister? register, IAcceptedRecordSink? sink,
        List<Finding> fileFindings, List<SheetReport> sheets, List<FormBatch> batches, CancellationToken cancellationToken)
    {
        if (stream.Length == 0)
        {
            fileFindings.Add(Findings.FileEmpty());
            return;
        }

        ISpreadsheetReader? reader = null;
        try
        {
            var kind = FileSniffer.Detect(stream, fileName);
            switch (kind)
            {
                case FileKind.EncryptedOoxml:
                    fileFindings.Add(Findings.FileEncrypted());
                    return;
                case FileKind.Unknown:
                    fileFindings.Add(Findings.FileUnreadable("not a spreadsheet"));
                    return;
                case FileKind.Mhtml:
                    fileFindings.Add(Findings.FileUnsupported("单个文件网页（MHTML）", "a web archive (MHTML)"));
                    return;
            }

            reader = kind switch
            {
                FileKind.Xlsx => XlsxReader.Open(stream, _options, cancellationToken),
                FileKind.Xls => XlsReader.Open(stream, _options, cancellationToken),
                FileKind.RawBiff => XlsReader.OpenRawBiff(stream, _options, cancellationToken),
                FileKind.Html => HtmlTableReader.Open(stream, Path.GetFileNameWithoutExtension(fileName), _options, cancellationToken),
                FileKind.SpreadsheetMl => SpreadsheetMlReader.Open(stream, _options, cancellationToken),
                _ => CsvReader.Open(stream, Path.GetFileNameWithoutExtension(fileName), _options, cancellationToken),
            };

            var session = new IntakeSession(_forms, _areas, _hasher, _options, countyCode, period, register, sink);
            var anyRows = false;
            foreach (var sheet in reader.Sheets())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (report, batch, hadRows) = session.ReadSheet(sheet, _matcher, cancellationToken);
                anyRows |= hadRows;
                sheets.Add(report);
                if (batch is not null)
                {
                    batches.Add(batch);
                }
            }

            fileFindings.AddRange(reader.Notes.Select(n => Findings.ReaderNote(n.Code, n.Sheet, n.Detail)));
            if (!anyRows)
            {
                fileFindings.Add(Findings.FileEmpty());
            }
            else if (sheets.All(s => s.Form is null))
            {
                fileFindings.Add(Findings.NoFormRecognised());
            }
        }
        catch (FileUnreadableException e)
        {
            fileFindings.Add(Findings.FileUnreadable(e.Message));
        }
        catch (IntakeLimitException e)
        {
            fileFindings.Add(e.Code == "sheet-too-large" ? Findings.SheetTooLarge(e.Message) : Findings.FileTooLarge(e.Message));
        }
        catch (UnsupportedFormatException e)
        {
            fileFindings.Add(Findings.FileUnsupported(e.FormatZh, e.FormatEn));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (IsPasswordError(e))
        {
            fileFindings.Add(Findings.FileEncrypted());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            fileFindings.Add(Findings.FileUnreadable(e.GetType().Name));
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private static bool IsPasswordError(Exception e) => e.GetType().Name.Contains("Password", StringComparison.Ordinal);

    /// <summary>Hashes the bytes and makes them seekable: a seekable input is rewound; any other is spooled to a temp file.</summary>
    private (Stream Seekable, string Sha, Stream? Owned) Prepare(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            var start = content.Position;
            if (content.Length - start > _options.MaxFileBytes)
            {
                throw new IntakeLimitException("file-too-large", $"the file has {content.Length - start} bytes; the limit is {_options.MaxFileBytes}");
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            content.Position = start;
            if (start == 0)
            {
                return (content, hash, null);
            }

            var window = new MemoryStream();
            content.CopyTo(window);
            window.Position = 0;
            return (window, hash, window);
        }

        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int n;
            while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (temp.Length + n > _options.MaxFileBytes)
                {
                    throw new IntakeLimitException("file-too-large", $"the file is larger than the limit of {_options.MaxFileBytes} bytes");
                }

                sha.AppendData(buffer, 0, n);
                temp.Write(buffer, 0, n);
            }

            temp.Position = 0;
            return (temp, Convert.ToHexStringLower(sha.GetHashAndReset()), temp);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }
}
