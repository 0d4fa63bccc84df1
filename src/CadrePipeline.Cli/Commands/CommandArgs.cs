namespace CadrePipeline.Cli.Commands;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options of one verb.</summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CommandArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _options[name[..eq]] = name[(eq + 1)..];
                }
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    _options[name] = list[++i];
                }
                else
                {
                    _options[name] = null;
                }
            }
            else
            {
                Positional.Add(a);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public int? GetInt(string name) => int.TryParse(Get(name), out var v) ? v : null;

    /// <summary>Options that were given but are not in <paramref name="known"/>; a verb reports them as usage errors.</summary>
    public IEnumerable<string> Unknown(params string[] known) => _options.Keys.Where(k => !known.Contains(k));
}
