namespace Offline.Release;

/// <summary>The tool's command line: a command, its positionals and its <c>--name VALUE</c> options (all options take a value).</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    private ToolArguments(string command) => Command = command;

    public string Command { get; }

    public List<string> Positionals { get; } = [];

    public static ToolArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ToolException(ToolException.Usage, "Usage: Offline.Release keygen|key-check|sign|verify … (docs/RELEASE.md)");
        }

        var parsed = new ToolArguments(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positionals.Add(args[i]);
            }
            else if (i + 1 < args.Length)
            {
                parsed.options[args[i]] = args[++i];
            }
            else
            {
                throw new ToolException(ToolException.Usage, $"Option {args[i]} needs a value.");
            }
        }

        return parsed;
    }

    public string? Value(string option) => options.GetValueOrDefault(option);

    public string Required(string option) =>
        Value(option) ?? throw new ToolException(ToolException.Usage, $"{Command} needs {option}.");

    /// <summary>Refuses options the command does not know, so a typo is never silently ignored.</summary>
    public void Allow(int positionals, params string[] known)
    {
        if (Positionals.Count > positionals)
        {
            throw new ToolException(ToolException.Usage, $"{Command}: unexpected argument '{Positionals[positionals]}'.");
        }

        foreach (var option in options.Keys.Where(o => !known.Contains(o)))
        {
            throw new ToolException(ToolException.Usage, $"{Command}: unknown option {option}.");
        }
    }
}
