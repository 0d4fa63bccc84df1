using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CadrePipeline.Core.Publishing;

/// <summary>
/// <c>manifest.json</c>: what one published snapshot holds. It is the last blob written, so a reader that starts from it
/// only ever sees a complete snapshot. File names are relative to the snapshot folder (and to <c>latest/</c>, which holds
/// the same files).
/// </summary>
public sealed record PublishManifest(
    int SchemaVersion,
    DateTimeOffset SnapshotTimeUtc,
    string Snapshot,
    IReadOnlyList<ManifestTable> Tables)
{
    /// <summary>The folder of a snapshot taken at <paramref name="snapshotTime"/>: <c>snapshots/{yyyyMMddTHHmmssZ}/</c>.</summary>
    public static string SnapshotFolder(DateTimeOffset snapshotTime) =>
        "snapshots/" + snapshotTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "/";

    /// <summary>The manifest as indented UTF-8 JSON (no BOM), camelCase names, types in lower case.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Reads a manifest written by <see cref="ToJsonBytes"/>.</summary>
    public static PublishManifest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<PublishManifest>(json, JsonOptions) ?? throw new JsonException("manifest.json is null");

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>One table of a snapshot: its files, row count, content hashes and columns.</summary>
public sealed record ManifestTable(
    string Name,
    int RowCount,
    string Parquet,
    string Csv,
    string ParquetSha256,
    string CsvSha256,
    IReadOnlyList<ManifestColumn> Columns);

/// <summary>One column: name, type (<c>string</c>, <c>int32</c>, <c>double</c>, <c>boolean</c>, <c>timestamp</c>) and nullability.</summary>
public sealed record ManifestColumn(string Name, ColumnType Type, bool Nullable);
