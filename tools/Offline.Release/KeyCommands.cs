using Offline.InstalledRelease;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.Release;

/// <summary>keygen --out FILE and key-check --key FILE.</summary>
internal static class KeyCommands
{
    /// <summary>Writes the secret half to FILE (0600); prints the public line on stdout (for release/… or --release-key) and the fingerprint on stderr.</summary>
    public static int Keygen(ToolArguments args)
    {
        args.Allow(0, "--out");
        var path = args.Required("--out");
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        SecretKeyFile.Create(path, key);
        Console.Write(StatementKey.FormatPublic(StatementKey.ReleasePurpose, key.PublicKey));
        Console.Error.WriteLine($"release: secret key written to {path} (mode 0600; keep it off the repository and back it up)");
        Console.Error.WriteLine($"release: fingerprint {StatementKey.Fingerprint(key.PublicKey)}");
        return 0;
    }

    /// <summary>Before a long build: is the key readable, and is it the project's? A release signed by another key verifies only with --release-key.</summary>
    public static int Check(ToolArguments args)
    {
        args.Allow(0, "--key");
        using var key = SecretKeyFile.Read(args.Required("--key"));
        WarnUnlessProjectKey(key.PublicKey);
        return 0;
    }

    public static void WarnUnlessProjectKey(P256PublicKey key)
    {
        Console.Error.WriteLine($"release: signing key {StatementKey.Fingerprint(key)}");
        if (!key.Equals(ReleaseKeyFile.Project()))
        {
            Console.Error.WriteLine("release: warning: this is not the project's release key (keys/release-key.pub): the CLI and relay will accept this release only with --release-key.");
        }
    }
}
