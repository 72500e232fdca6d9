namespace Offline.Relay.Canary;

internal static partial class CanaryCommand
{
    /// <summary>A mistake in the command line: printed with the usage, exit 2.</summary>
    private sealed class UsageException(string message) : Exception(message);

    /// <summary>The command could not do its work (file missing, key invalid): exit 1.</summary>
    private sealed class CanaryToolException(string message) : Exception(message);

    /// <summary>"--name value" pairs, each name at most once, only the ones a subcommand accepts.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args, string[] allowed)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i += 2)
            {
                var name = args[i];
                if (!allowed.Contains(name))
                {
                    throw new UsageException($"unexpected '{name}' (this command takes {string.Join(", ", allowed)})");
                }

                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"{name} needs a value");
                }

                if (!options.values.TryAdd(name, args[i + 1]))
                {
                    throw new UsageException($"{name} given twice");
                }
            }

            return options;
        }

        public string? Value(string name) => values.GetValueOrDefault(name);

        public string Required(string name) => Value(name) ?? throw new UsageException($"{name} is required");
    }
}
