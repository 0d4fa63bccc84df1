using Microsoft.Extensions.Logging;

namespace CadrePipeline.Functions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The recalculation timer is past due; running now")]
    public static partial void PastDue(ILogger logger);
}
