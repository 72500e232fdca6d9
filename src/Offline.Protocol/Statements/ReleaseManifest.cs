using System.Globalization;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Statements;

/// <summary>
/// A signed list of every file a release publishes (docs/PROTOCOL.md Part 4). The body:
/// <code>
/// offline-release v1
/// version 0.2.0
/// commit 40-HEX
/// key BASE64(release public key)
/// file SHA256-HEX SIZE PATH      (one per file, paths in ordinal order, no duplicates)
/// </code>
/// then the <see cref="SignedStatement"/> signature line under domain <see cref="Domain"/>.
/// </summary>
public sealed class ReleaseManifest
{
    public const string Domain = "Offline/Release/v1\n";

    private const string Header = "offline-release v1";

    public ReleaseManifest(string version, string commit, P256PublicKey key, IReadOnlyList<ReleaseFile> files)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(files);
        if (!IsToken(version) || commit.Length != 40 || !commit.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A release has a version without spaces and a 40-hex-digit lowercase commit.");
        }

        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            var file = sorted[i];
            if (!ReleaseFile.IsValidPath(file.Path) || !ReleaseFile.IsSha256Hex(file.Sha256) || file.Size < 0
                || (i > 0 && sorted[i - 1].Path == file.Path))
            {
                throw new ArgumentException($"Release file '{file.Path}' has an invalid or repeated path, size or hash.", nameof(files));
            }
        }

        Version = version;
        Commit = commit;
        Key = key;
        Files = sorted;
    }

    public string Version { get; }

    public string Commit { get; }

    /// <summary>The key that signed it; a verifier also checks that this is the key it trusts.</summary>
    public P256PublicKey Key { get; }

    /// <summary>In ordinal path order.</summary>
    public IReadOnlyList<ReleaseFile> Files { get; }

    /// <summary>The manifest file: body and signature line.</summary>
    public byte[] Sign(P256SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.PublicKey.Equals(Key))
        {
            throw new ArgumentException("The manifest names another key than the one signing it.", nameof(key));
        }

        return SignedStatement.Sign(Domain, Body(), key);
    }

    /// <summary>
    /// Parses and verifies a manifest file. Steps: (1) size; (2) envelope and signature under the
    /// key the manifest names; (3) that key must be <paramref name="trusted"/>; (4) every field.
    /// </summary>
    public static StatementError TryParse(ReadOnlySpan<byte> text, P256PublicKey trusted, out ReleaseManifest? manifest)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        manifest = null;
        if (text.Length > StatementLimits.MaxManifestBytes)
        {
            return StatementError.TooLarge;
        }

        var split = SignedStatement.Split(text, out var body, out _);
        if (split != StatementError.None)
        {
            return split;
        }

        var lines = body[..^1].Split('\n');
        if (lines[0] != Header)
        {
            return lines[0].StartsWith("offline-release ", StringComparison.Ordinal) ? StatementError.UnknownVersion : StatementError.Malformed;
        }

        if (lines.Length < 4 || lines.Length - 4 > StatementLimits.MaxManifestFiles
            || Value(lines[1], "version") is not { } version || Value(lines[2], "commit") is not { } commit
            || Value(lines[3], "key") is not { } keyText || !TryKey(keyText, out var key))
        {
            return StatementError.Malformed;
        }

        var verified = SignedStatement.Verify(Domain, text, key!, out _);
        if (verified != StatementError.None)
        {
            return verified;
        }

        if (!key!.Equals(trusted))
        {
            return StatementError.UntrustedKey;
        }

        return TryFiles(lines.AsSpan(4), out var files) ? Build(version, commit, key, files, body, out manifest) : StatementError.Malformed;
    }

    private static StatementError Build(string version, string commit, P256PublicKey key, List<ReleaseFile> files, string body, out ReleaseManifest? manifest)
    {
        manifest = null;
        try
        {
            var built = new ReleaseManifest(version, commit, key, files);
            // Canonical form only: the same manifest has exactly one accepted body.
            if (built.Body() != body)
            {
                return StatementError.Malformed;
            }

            manifest = built;
            return StatementError.None;
        }
        catch (ArgumentException)
        {
            return StatementError.Malformed;
        }
    }

    private string Body()
    {
        var text = new StringBuilder()
            .Append(Header).Append('\n')
            .Append("version ").Append(Version).Append('\n')
            .Append("commit ").Append(Commit).Append('\n')
            .Append("key ").Append(Convert.ToBase64String(Key.Encoded)).Append('\n');
        foreach (var file in Files)
        {
            text.Append("file ").Append(file.Sha256).Append(' ').Append(file.Size.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(file.Path).Append('\n');
        }

        return text.ToString();
    }

    private static bool TryFiles(ReadOnlySpan<string> lines, out List<ReleaseFile> files)
    {
        files = new List<ReleaseFile>(lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length != 4 || parts[0] != "file" || !ReleaseFile.IsSha256Hex(parts[1])
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || !ReleaseFile.IsValidPath(parts[3]))
            {
                return false;
            }

            files.Add(new ReleaseFile(parts[3], size, parts[1]));
        }

        return true;
    }

    private static bool TryKey(string text, out P256PublicKey? key)
    {
        key = null;
        var bytes = new byte[P256PublicKey.EncodedSize];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == bytes.Length && P256PublicKey.TryParse(bytes, out key);
    }

    private static string? Value(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal) && IsToken(line[(name.Length + 1)..]) ? line[(name.Length + 1)..] : null;

    private static bool IsToken(string value) => value.Length is > 0 and <= 128 && !value.Any(c => c <= ' ' || c == 0x7f);
}
