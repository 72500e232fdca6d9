using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.InstalledRelease;

/// <summary>
/// Verifies installed folders against a signed release manifest (docs/RELEASE.md): (1) read the manifest;
/// (2) check its signature and that it is signed by the trusted key; (3) hash every installed file of
/// each component; (4) compare (<see cref="ReleaseComparison"/>). Every failure becomes a
/// <see cref="ReleaseFinding"/> that says what to do; nothing here throws on hostile files.
/// </summary>
internal static class ReleaseCheck
{
    private const string Reinstall = "reinstall from the published release";

    public static ReleaseCheckResult Run(string? manifestPath, P256PublicKey trusted, IReadOnlyList<ReleaseComponent> components)
    {
        if (manifestPath is null)
        {
            return Failed(null, "no_manifest", $"No {InstalledFolder.ManifestName} in this program's folder or any folder above it: it was not installed from a release (a build from source has nothing to check). Give the manifest's path, or {Reinstall}.");
        }

        byte[] text;
        bool oversize;
        try
        {
            // A hostile "manifest" of gigabytes is refused by its size, never read into memory.
            var info = new FileInfo(manifestPath);
            oversize = info.Exists && info.Length > StatementLimits.MaxManifestBytes;
            text = oversize ? [] : File.ReadAllBytes(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(manifestPath, "unreadable", $"Cannot read the release manifest {manifestPath}: {e.Message}");
        }

        ReleaseManifest? manifest = null;
        var error = oversize ? StatementError.TooLarge : ReleaseManifest.TryParse(text, trusted, out manifest);
        if (error != StatementError.None)
        {
            return Failed(manifestPath, Code(error), ManifestMessage(error, manifestPath, text, trusted));
        }

        var installed = new List<InstalledFile>();
        var findings = new List<ReleaseFinding>();
        foreach (var component in components)
        {
            if (!Directory.Exists(component.Folder))
            {
                findings.Add(new ReleaseFinding("missing_folder", component.Prefix, $"{component.Prefix}: the folder {component.Folder} does not exist; {Reinstall}."));
                continue;
            }

            try
            {
                installed.AddRange(InstalledFolder.Scan(component.Folder, component.Prefix, manifestPath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                findings.Add(new ReleaseFinding("unreadable", component.Prefix, $"{component.Prefix}: cannot read {component.Folder} ({e.Message}); run the check as a user who can read the installation."));
            }
        }

        var prefixes = components.Select(c => c.Prefix).ToArray();
        findings.AddRange(ReleaseComparison.Compare(manifest!, prefixes, installed).Select(Describe));
        return new ReleaseCheckResult(manifestPath, manifest, installed.Count, findings);
    }

    /// <summary>The first 16 bytes of the signing key as people compare it, or null when the text names no readable key.</summary>
    public static string? SignerFingerprint(ReadOnlySpan<byte> text)
    {
        var lines = System.Text.Encoding.UTF8.GetString(text).Split('\n', 5);
        var bytes = new byte[P256PublicKey.EncodedSize];
        return lines.Length > 3 && lines[3].StartsWith("key ", StringComparison.Ordinal)
            && Convert.TryFromBase64String(lines[3]["key ".Length..], bytes, out var written) && written == bytes.Length
            && P256PublicKey.TryParse(bytes, out var key)
            ? StatementKey.Fingerprint(key!)
            : null;
    }

    private static ReleaseFinding Describe(ReleaseProblem problem) => problem.Kind switch
    {
        ReleaseProblemKind.Missing => new("missing", problem.Path, $"{problem.Path}: missing (the manifest lists it, it is not installed); {Reinstall}."),
        ReleaseProblemKind.SizeMismatch => new("size_mismatch", problem.Path, $"{problem.Path}: changed (its size differs from the manifest's); do not run it, {Reinstall}."),
        ReleaseProblemKind.HashMismatch => new("hash_mismatch", problem.Path, $"{problem.Path}: changed (its SHA-256 differs from the manifest's); do not run it, {Reinstall}."),
        ReleaseProblemKind.Unlisted => new("unlisted", problem.Path, $"{problem.Path}: not part of the release (added after it was built); remove it, or {Reinstall}."),
        _ => new("nothing_listed", problem.Path, $"{problem.Path}: the manifest lists no files in this folder: it is the manifest of another release; use the {InstalledFolder.ManifestName} published with this one."),
    };

    private static string ManifestMessage(StatementError error, string path, byte[] text, P256PublicKey trusted) => error switch
    {
        StatementError.TooLarge => $"{path} is larger than a release manifest may be ({StatementLimits.MaxManifestBytes} bytes): it is not one. Download {InstalledFolder.ManifestName} again from the published release.",
        StatementError.UnknownVersion => $"{path} is a release manifest of a format this program does not know: check it with a newer release of Offline.",
        StatementError.BadSignature => $"The signature of {path} does not verify: the manifest was changed after it was signed. Do not trust this installation; download the release again and reinstall.",
        StatementError.UntrustedKey => $"{path} is signed by key {SignerFingerprint(text)}, not by the trusted release key {StatementKey.Fingerprint(trusted)}: it is not an official release. {char.ToUpperInvariant(Reinstall[0])}{Reinstall[1..]} (or, for a release you built yourself, pass --release-key with its public key).",
        _ => $"{path} is not a well-formed release manifest (docs/PROTOCOL.md Part 4): it was damaged or edited. Download {InstalledFolder.ManifestName} again from the published release.",
    };

    private static string Code(StatementError error) => error switch
    {
        StatementError.TooLarge => "too_large",
        StatementError.UnknownVersion => "unknown_version",
        StatementError.BadSignature => "bad_signature",
        StatementError.UntrustedKey => "untrusted_key",
        _ => "malformed",
    };

    private static ReleaseCheckResult Failed(string? path, string code, string message) =>
        new(path, null, 0, [new ReleaseFinding(code, null, message)]);
}
