using System.Text;
using Azure.Storage.Blobs;

namespace CadrePipeline.Azure.Tests.Infrastructure;

/// <summary>
/// What two runs of the pipeline must publish alike: the CSV of each star-schema table in <c>latest/</c>, with every
/// time column (…AtUtc) dropped. Shared by the fault and crash tests.
/// </summary>
public static class PublishedCsv
{
    public static readonly string[] Tables = ["DimArea", "DimIndicator", "DimPeriod", "FactIndicatorValue", "FactSubmission", "FactCompleteness"];

    /// <summary>Each table's CSV without its time columns, by table name.</summary>
    public static async Task<Dictionary<string, string>> ReadLatestAsync(BlobContainerClient powerBi)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            var text = (await powerBi.GetBlobClient($"latest/{table}.csv").DownloadContentAsync()).Value.Content.ToString();
            var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var header = SplitLine(lines[0]);
            var keep = Enumerable.Range(0, header.Count).Where(i => !header[i].EndsWith("AtUtc", StringComparison.Ordinal)).ToList();
            var sb = new StringBuilder();
            foreach (var line in lines)
            {
                var cells = SplitLine(line);
                sb.AppendLine(string.Join('|', keep.Select(i => cells[i])));
            }

            result[table] = sb.ToString();
        }

        return result;
    }

    /// <summary>Splits one RFC 4180 line (the star schema's cells hold no line breaks).</summary>
    public static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
