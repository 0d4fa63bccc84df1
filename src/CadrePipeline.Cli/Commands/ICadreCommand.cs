namespace CadrePipeline.Cli.Commands;

/// <summary>One verb of <c>./cadre</c>. Each verb lives in its own file and is listed in <see cref="CadreApp"/>.</summary>
internal interface ICadreCommand
{
    string Name { get; }

    /// <summary>One line: the verb with its arguments, as printed by <c>./cadre help</c>.</summary>
    string Usage { get; }

    Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken);
}

/// <summary>Exit codes shared by all verbs.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
