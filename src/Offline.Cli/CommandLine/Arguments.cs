using Offline.Cli.Errors;

namespace Offline.Cli.CommandLine;

/// <summary>
/// The parsed command line: global options (anywhere), the command, its positionals and its options.
/// `--` ends options, so a message may start with a dash.
/// </summary>
internal sealed class Arguments
{
    private static readonly HashSet<string> ValueOptions = ["--home", "--relay", "--name", "--chat", "--limit", "--tor", "--release-key", "--caption", "--reply", "--effect"];

    // --tor is both: alone it means tor's default SOCKS port; --tor=HOST:PORT names another.
    private static readonly HashSet<string> Flags = ["--json", "--follow", "--confirm", "--for-everyone", "--trust-new-key", "--force", "--help", "--version", "--tor"];

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    public string Command { get; private set; } = "help";

    public List<string> Positionals { get; } = [];

    public bool Json => Has("--json");

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new Arguments();
        var optionsEnded = false;
        var commandSeen = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!optionsEnded && arg == "--")
            {
                optionsEnded = true;
            }
            else if (!optionsEnded && arg is "-h")
            {
                parsed.flags.Add("--help");
            }
            else if (!optionsEnded && arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = parsed.ParseOption(args, i);
            }
            else if (!commandSeen)
            {
                parsed.Command = arg;
                commandSeen = true;
            }
            else
            {
                parsed.Positionals.Add(arg);
            }
        }

        return parsed;
    }

    public bool Has(string flag) => flags.Contains(flag);

    public string? Value(string option) => values.GetValueOrDefault(option);

    /// <summary>Exactly <paramref name="count"/> positionals, or a usage error showing <paramref name="usage"/>.</summary>
    public void Expect(int count, string usage)
    {
        if (Positionals.Count != count)
        {
            throw new CliException(ExitCode.Usage, $"Usage: offline {usage}");
        }
    }

    /// <summary>At least <paramref name="count"/> positionals; the text ones after it are joined with spaces.</summary>
    public string TextFrom(int index, string usage)
    {
        if (Positionals.Count <= index)
        {
            throw new CliException(ExitCode.Usage, $"Usage: offline {usage}");
        }

        var text = string.Join(' ', Positionals.Skip(index));
        return string.IsNullOrWhiteSpace(text) ? throw new CliException(ExitCode.Usage, "The message is empty.") : text;
    }

    private int ParseOption(IReadOnlyList<string> args, int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? arg[..equals] : arg;
        if (Flags.Contains(name) && equals < 0)
        {
            flags.Add(name);
            return i;
        }

        if (!ValueOptions.Contains(name))
        {
            throw new CliException(ExitCode.Usage, $"Unknown option '{name}'. See 'offline help'.");
        }

        if (equals > 0)
        {
            values[name] = arg[(equals + 1)..];
            return i;
        }

        if (i + 1 >= args.Count)
        {
            throw new CliException(ExitCode.Usage, $"Option {name} needs a value.");
        }

        values[name] = args[i + 1];
        return i + 1;
    }
}
