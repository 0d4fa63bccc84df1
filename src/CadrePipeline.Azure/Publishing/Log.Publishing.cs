using Microsoft.Extensions.Logging;

namespace CadrePipeline.Azure;

internal static partial class Log
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Publishing the Power BI snapshot {Snapshot} to container {Container}")]
    public static partial void PublishStarted(ILogger logger, string snapshot, string container);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Table {Table}: {Rows} rows, {Upserted} written, {Deleted} deleted, {Unchanged} unchanged in {Transactions} transactions")]
    public static partial void TableSynced(ILogger logger, string table, int rows, int upserted, int deleted, int unchanged, int transactions);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Published snapshot {Snapshot}: {Tables} tables, {Rows} rows")]
    public static partial void PublishCompleted(ILogger logger, string snapshot, int tables, long rows);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Nothing changed since snapshot {Snapshot}: publication skipped")]
    public static partial void PublishSkipped(ILogger logger, string snapshot);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Removed old snapshot {Snapshot} ({Blobs} blobs)")]
    public static partial void SnapshotRemoved(ILogger logger, string snapshot, int blobs);
}
