using Microsoft.Extensions.Logging;

namespace CadrePipeline.Azure;

/// <summary>Every log line of the adapter. Ids and counts only: never a name or an ID number.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Submission {SubmissionId}: same bytes already processed; nothing changed")]
    public static partial void Unchanged(ILogger logger, string submissionId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Submission {SubmissionId} rejected with {Errors} errors")]
    public static partial void Rejected(ILogger logger, string submissionId, int errors);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Submission {SubmissionId} aggregated: {RowsAccepted} rows accepted, {Superseded} earlier submissions superseded")]
    public static partial void Aggregated(ILogger logger, string submissionId, int rowsAccepted, int superseded);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Submission {SubmissionId} failed ({ErrorType}); it is marked failed and can be replayed")]
    public static partial void Failed(ILogger logger, string submissionId, string errorType);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "County {County} period {Period}: {Documents} indicator documents recomputed")]
    public static partial void Recomputed(ILogger logger, string county, int period, int documents);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Submission {SubmissionId}: {Count} people are also in another county's current submission (warned on both)")]
    public static partial void CrossCountyDuplicates(ILogger logger, string submissionId, int count);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Ingest of a {County}/{Period} upload failed on attempt {Attempt} of {MaxAttempts}: {ErrorType}")]
    public static partial void IngestAttemptFailed(ILogger logger, string county, string period, int attempt, int maxAttempts, string errorType);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Recalculation of period {Period} done: {Areas} parent areas, {Documents} documents")]
    public static partial void Recalculated(ILogger logger, int period, int areas, int documents);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Recalculation of period {Period} skipped: another run holds the lock until {Until}")]
    public static partial void RecalculationBusy(ILogger logger, int period, DateTimeOffset until);
}
