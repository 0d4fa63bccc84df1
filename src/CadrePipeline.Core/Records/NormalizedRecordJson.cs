using System.Globalization;
using System.Text;
using System.Text.Json;
using CadrePipeline.Core.Forms;

namespace CadrePipeline.Core.Records;

/// <summary>
/// Curated storage of normalized records as JSON Lines: one record per line, each value round-tripping to its type.
/// Dates are written as <c>yyyy-MM-dd</c> and restored by the form's field type; int and decimal fields as numbers
/// restored as <see cref="decimal"/>.
/// </summary>
public static class NormalizedRecordJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, IEnumerable<NormalizedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new MemoryStream();
        foreach (var r in records)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("form", r.Form);
                w.WriteString("countyCode", r.CountyCode);
                w.WriteString("sheet", r.Sheet);
                w.WriteNumber("row", r.Row);
                if (r.PersonKey is null)
                {
                    w.WriteNull("personKey");
                }
                else
                {
                    w.WriteString("personKey", r.PersonKey);
                    w.WriteString("personCell", r.PersonCell);
                    w.WriteString("personMasked", r.PersonMasked);
                }

                w.WriteStartObject("fields");
                foreach (var (key, value) in r.Fields)
                {
                    switch (value)
                    {
                        case null:
                            w.WriteNull(key);
                            break;
                        case string s:
                            w.WriteString(key, s);
                            break;
                        case bool b:
                            w.WriteBoolean(key, b);
                            break;
                        case decimal d:
                            w.WriteNumber(key, d);
                            break;
                        case DateOnly date:
                            w.WriteString(key, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                            break;
                        default:
                            throw new InvalidOperationException($"field {key} has an unsupported type {value.GetType().Name}");
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            buffer.Position = 0;
            buffer.CopyTo(stream);
        }
    }

    public static IReadOnlyList<NormalizedRecord> Read(Stream stream, FormCatalog forms) => [.. ReadLines(stream, forms)];

    /// <summary>The records of a JSON Lines stream, one at a time (memory does not grow with the lines).</summary>
    public static IEnumerable<NormalizedRecord> ReadLines(Stream stream, FormCatalog forms)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(forms);
        return ReadLinesIterator(stream, forms);
    }

    private static IEnumerable<NormalizedRecord> ReadLinesIterator(Stream stream, FormCatalog forms)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var formId = root.GetProperty("form").GetString() ?? "";
            var form = forms.Find(formId);
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("fields").EnumerateObject())
            {
                fields[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => p.Value.GetDecimal(),
                    JsonValueKind.String when IsDate(form, p.Name) => DateOnly.ParseExact(p.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    JsonValueKind.String => p.Value.GetString(),
                    _ => throw new InvalidDataException($"field {p.Name} has an unsupported JSON kind {p.Value.ValueKind}"),
                };
            }

            yield return new NormalizedRecord
            {
                Form = formId,
                CountyCode = root.GetProperty("countyCode").GetString() ?? "",
                Sheet = root.TryGetProperty("sheet", out var s) ? s.GetString() ?? "" : "",
                Row = root.TryGetProperty("row", out var row) ? row.GetInt32() : 0,
                PersonKey = root.TryGetProperty("personKey", out var pk) && pk.ValueKind == JsonValueKind.String ? pk.GetString() : null,
                PersonCell = root.TryGetProperty("personCell", out var pc) && pc.ValueKind == JsonValueKind.String ? pc.GetString() : null,
                PersonMasked = root.TryGetProperty("personMasked", out var pm) && pm.ValueKind == JsonValueKind.String ? pm.GetString() : null,
                Fields = fields,
            };
        }
    }

    // birthDate is derived from the ID number on every person form, even where the form has no such column.
    private static bool IsDate(FormDefinition? form, string field) =>
        form?.Field(field)?.Type == FieldType.Date || (field == "birthDate" && form?.IdField is not null);
}
