using Microsoft.Extensions.Logging;

namespace CadrePipeline.Functions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The recalculation timer is past due; running now")]
    public static partial void PastDue(ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "The scheduled recalculation of periods {Periods} failed after every retry ({ErrorType}); the next tick runs it again")]
    public static partial void ScheduledRecalculationFailed(ILogger logger, string periods, string errorType);
}
