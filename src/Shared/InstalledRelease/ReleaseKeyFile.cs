using System.Text;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.InstalledRelease;

/// <summary>The release public key a verifier trusts: the project's (compiled in from keys/release-key.pub), or one given with --release-key.</summary>
internal static class ReleaseKeyFile
{
    /// <summary>The resource name each program's build gives keys/release-key.pub (InstalledRelease.props).</summary>
    public const string ResourceName = "Offline.release-key.pub";

    /// <summary>A key file is one short line; anything longer is not one.</summary>
    private const int MaxKeyFileBytes = 4096;

    /// <summary>The project's release key, compiled into this program.</summary>
    public static P256PublicKey Project()
    {
        using var stream = typeof(ReleaseKeyFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"This build has no {ResourceName} resource (InstalledRelease.props).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return StatementKey.TryParsePublic(reader.ReadToEnd(), StatementKey.ReleasePurpose, out var key)
            ? key!
            : throw new InvalidOperationException("keys/release-key.pub is not an 'offline-key v1 release' line.");
    }

    /// <summary>The public key in <paramref name="path"/>, or null with <paramref name="problem"/> saying what is wrong and what to do.</summary>
    public static P256PublicKey? Read(string path, out string? problem)
    {
        problem = null;
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxKeyFileBytes)
            {
                problem = $"{path} is not a release public key file (too large). Give the 'offline-key v1 release …' file.";
                return null;
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"Cannot read the release key {path}: {e.Message}";
            return null;
        }

        if (StatementKey.TryParsePublic(text, StatementKey.ReleasePurpose, out var key))
        {
            return key;
        }

        problem = text.StartsWith("offline-secret-key", StringComparison.Ordinal)
            ? $"{path} is a secret key. Give the public half (the 'offline-key v1 release …' line ./release keygen printed); keep the secret file private."
            : $"{path} is not a release public key: expected one line 'offline-key v1 release BASE64' (a canary key or any other file is refused).";
        return null;
    }
}
