namespace CadrePipeline.Cli;

/// <summary>Errors as the CLI prints them: one line, no stack trace.</summary>
internal static class CliErrors
{
    /// <summary>The exception's type and message (and its innermost cause's), on one line.</summary>
    public static string OneLine(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var text = inner == ex ? $"{ex.GetType().Name}: {ex.Message}" : $"{ex.GetType().Name}: {ex.Message} ({inner.GetType().Name}: {inner.Message})";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
