using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Azure.Publishing;

/// <summary>
/// Makes one Azure Table hold exactly the rows of one star-schema table: one scan of the existing entities, then
/// upserts (replace) of new or changed rows and deletes of rows that left the snapshot, in entity-group transactions
/// of at most 100 actions of one partition. An entity that already holds its row is not written, so republishing
/// the same data leaves the table (ETags and Timestamps included) untouched.
/// </summary>
internal static class StarSchemaTableSync
{
    /// <summary>The service limit of an entity-group transaction.</summary>
    internal const int MaxTransactionActions = 100;

    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag",
    };

    public static async Task<TableSyncResult> SyncAsync(
        TableClient table, StarSchemaTable definition, StarSchema schema, int parallelism, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

        var desired = new Dictionary<(string, string), TableEntity>();
        foreach (var row in definition.KeyedRows(schema))
        {
            var entity = ToEntity(definition, row);
            desired.Add((entity.PartitionKey, entity.RowKey), entity);
        }

        var unchanged = 0;
        var deletes = new List<TableEntity>();
        await foreach (var existing in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var key = (existing.PartitionKey, existing.RowKey);
            if (!desired.TryGetValue(key, out var wanted))
            {
                deletes.Add(new TableEntity(existing.PartitionKey, existing.RowKey));
            }
            else if (SameContent(wanted, existing))
            {
                desired.Remove(key);
                unchanged++;
            }
        }

        var batches = desired.Values.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
            .Concat(deletes.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)))
            .GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(p => p.Chunk(MaxTransactionActions))
            .ToList();

        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false)).ConfigureAwait(false);

        return new TableSyncResult(table.Name, desired.Count, deletes.Count, unchanged, batches.Count);
    }

    /// <summary>The entity of a row: its keys (escaped), and one property per non-null column value.</summary>
    internal static TableEntity ToEntity(StarSchemaTable definition, KeyedRow row)
    {
        var entity = new TableEntity(EscapeKey(row.PartitionKey), EscapeKey(row.RowKey));
        for (var i = 0; i < definition.Columns.Count; i++)
        {
            if (row.Values[i] is { } value)
            {
                entity[definition.Columns[i].Name] = value;
            }
        }

        return entity;
    }

    /// <summary>
    /// A key with the characters Azure Tables forbids in keys (<c>/ \ # ?</c> and control characters) and <c>%</c>
    /// itself written as <c>%XX</c>, so that the escaping is reversible and two keys never collide. The keys the star
    /// schema builds from codes, periods and ids contain none of them.
    /// </summary>
    internal static string EscapeKey(string key)
    {
        if (!key.Any(NeedsEscape))
        {
            return key;
        }

        var sb = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            if (NeedsEscape(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);

    /// <summary>True when <paramref name="existing"/> holds exactly the properties and values of <paramref name="wanted"/>.</summary>
    internal static bool SameContent(TableEntity wanted, TableEntity existing)
    {
        var count = 0;
        foreach (var (name, value) in existing)
        {
            if (SystemProperties.Contains(name))
            {
                continue;
            }

            count++;
            if (!wanted.TryGetValue(name, out var want) || !SameValue(want, value))
            {
                return false;
            }
        }

        return count == wanted.Count(p => !SystemProperties.Contains(p.Key));
    }

    // The service may hand a property back in a wider type than it was written with (a whole double as Int32, a
    // DateTime as DateTimeOffset); compare the values, not the CLR types.
    private static bool SameValue(object? wanted, object? stored) => (wanted, stored) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (int a, int b) => a == b,
        (int a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (double a, int b) => a.Equals(b),
        (double a, long b) => a.Equals(b),
        (bool a, bool b) => a == b,
        (DateTime a, DateTimeOffset b) => a == b.UtcDateTime,
        (DateTime a, DateTime b) => a == b.ToUniversalTime(),
        _ => false,
    };
}
