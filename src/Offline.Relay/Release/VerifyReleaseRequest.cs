namespace Offline.Relay.Release;

/// <summary>
/// <c>--verify-release [MANIFEST] [--release-key PUB]</c> taken out of the command line (so the host's
/// configuration never sees them), or null when the relay is to run as usual.
/// </summary>
internal sealed record VerifyReleaseRequest(string? Manifest, string? ReleaseKey, string? Problem)
{
    public const string Switch = "--verify-release";
    public const string KeyOption = "--release-key";

    /// <summary>The request (with a usage problem, if any), and <paramref name="rest"/> = every other argument.</summary>
    public static VerifyReleaseRequest? Extract(string[] args, out string[] rest)
    {
        string? problem = null;
        rest = args;
        var at = Array.IndexOf(args, Switch);
        if (at < 0)
        {
            return null;
        }

        var others = new List<string>();
        string? manifest = null;
        string? key = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i == at)
            {
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    manifest = args[++i];
                }
            }
            else if (args[i] == KeyOption)
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"{KeyOption} needs the path of a release public key file.";
                    break;
                }

                key = args[++i];
            }
            else
            {
                others.Add(args[i]);
            }
        }

        rest = [.. others];
        return new VerifyReleaseRequest(manifest, key, problem);
    }
}
