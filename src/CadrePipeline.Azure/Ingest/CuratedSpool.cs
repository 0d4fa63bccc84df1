using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// Receives an upload's accepted rows from the intake as they are validated and writes them, split by form key
/// (the form, or village secretaries by term, as forms.json declares), to JSON Lines files in a private temporary
/// folder. Memory holds one open file per form key and the first place of each person, not the rows.
/// </summary>
internal sealed class CuratedSpool(FormCatalog forms, TempFolder folder, string submissionId, string fileName) : IAcceptedRecordSink, IDisposable
{
    private readonly SortedDictionary<string, Batch> _batches = new(StringComparer.Ordinal);

    /// <summary>One form key's rows so far.</summary>
    public sealed class Batch(string form, int? term, string path, string personsPath)
    {
        public string PersonsPath { get; } = personsPath;

        public string Form { get; } = form;

        public int? Term { get; } = term;

        public string Path { get; } = path;

        public List<string> Sheets { get; } = [];

        public int Rows { get; set; }

        /// <summary>The people of this batch, as 16-byte digests (the first place of each is in <see cref="PersonsPath"/>).</summary>
        public HashSet<UInt128> People { get; } = [];

        internal FileStream? Stream { get; set; }

        internal FileStream? PersonsStream { get; set; }
    }

    public IReadOnlyDictionary<string, Batch> Batches => _batches;

    public void Add(string form, string sheet, NormalizedRecord record)
    {
        var definition = forms.Find(form);
        var parts = FormKeys.PartsOf(definition, record);
        var key = FormKeys.For(form, parts);
        if (!_batches.TryGetValue(key, out var batch))
        {
            _batches[key] = batch = new Batch(form, FormKeys.TermOf(parts), folder.NewFile(), folder.NewFile());
            batch.Stream = new FileStream(batch.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
            batch.PersonsStream = new FileStream(batch.PersonsPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        }

        if (!batch.Sheets.Contains(sheet))
        {
            batch.Sheets.Add(sheet);
        }

        batch.Rows++;
        if (record.PersonKey is { } person && record.PersonCell is { } cell && batch.People.Add(PersonIndex.Digest(person)))
        {
            PersonIndex.WriteLine(batch.PersonsStream!, new PersonEntry(submissionId, fileName, record.Sheet, cell, record.Row, record.PersonMasked) { Key = person });
        }

        NormalizedRecordJson.Write(batch.Stream!, [record]);
    }

    /// <summary>Closes the files (call before reading them).</summary>
    public void Complete()
    {
        foreach (var b in _batches.Values)
        {
            b.Stream?.Dispose();
            b.Stream = null;
            b.PersonsStream?.Dispose();
            b.PersonsStream = null;

            // Needed only to keep each person's first place; the files hold the rest.
            b.People.Clear();
            b.People.TrimExcess();
        }
    }

    public void Dispose() => Complete();
}
