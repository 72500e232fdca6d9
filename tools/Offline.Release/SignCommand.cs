using Offline.InstalledRelease;
using Offline.Protocol.Statements;

namespace Offline.Release;

/// <summary>sign --folder DIR --version V --commit C --key FILE: hashes every file under DIR and writes DIR/offline-release.txt, signed.</summary>
internal static class SignCommand
{
    public static int Run(ToolArguments args)
    {
        args.Allow(0, "--folder", "--version", "--commit", "--key");
        var folder = Path.GetFullPath(args.Required("--folder"));
        var manifestPath = Path.Combine(folder, InstalledFolder.ManifestName);
        using var key = SecretKeyFile.Read(args.Required("--key"));
        File.Delete(manifestPath);

        var files = InstalledFolder.Scan(folder, string.Empty).Select(f => new ReleaseFile(f.Path, f.Size, f.Sha256)).ToList();
        var bad = files.FirstOrDefault(f => !ReleaseFile.IsValidPath(f.Path));
        if (bad is not null)
        {
            throw new ToolException(1, $"'{bad.Path}' cannot be named in a manifest (only [A-Za-z0-9._+-] segments, at most {StatementLimits.MaxPathLength} characters): rename it or leave it out of the release.");
        }

        ReleaseManifest manifest;
        try
        {
            manifest = new ReleaseManifest(args.Required("--version"), args.Required("--commit"), key.PublicKey, files);
        }
        catch (ArgumentException e)
        {
            throw new ToolException(ToolException.Usage, e.Message);
        }

        var signed = manifest.Sign(key);
        File.WriteAllBytes(manifestPath, signed);

        // Read back as a verifier would: a manifest we cannot verify is never left behind.
        if (ReleaseManifest.TryParse(signed, key.PublicKey, out _) != StatementError.None)
        {
            File.Delete(manifestPath);
            throw new ToolException(1, "The manifest just written does not verify; nothing was published. This is a bug: report it.");
        }

        Console.Error.WriteLine($"release: {manifestPath} lists {files.Count} files, signed by {StatementKey.Fingerprint(key.PublicKey)}");
        return 0;
    }
}
