using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.Release;

/// <summary>The release manager's secret key file (<c>offline-secret-key v1 release …</c>, mode 0600), kept outside the repository.</summary>
internal static class SecretKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes a new key pair's secret half; never overwrites (a lost release key cannot be re-made).</summary>
    public static void Create(string path, P256SigningKey key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var file = new StreamWriter(path, System.Text.Encoding.UTF8, options);
            file.Write(StatementKey.FormatSecret(StatementKey.ReleasePurpose, key));
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new ToolException(1, $"{path} already exists: a key file is never overwritten. Choose another --out, or move the old one away first.");
        }
    }

    /// <summary>The signing key in <paramref name="path"/>; refuses a file others can read, like ssh does.</summary>
    public static P256SigningKey Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ToolException(ToolException.Usage, $"No release secret key at {path}. Give --key FILE (or set OFFLINE_RELEASE_KEY); make a key pair with './release keygen --out FILE'.");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new ToolException(1, $"{path} can be read by other users: the release key must be private. Run 'chmod 600 {path}' (and consider the key exposed if others had access).");
        }

        var key = StatementKey.ParseSecret(File.ReadAllText(path), StatementKey.ReleasePurpose);
        return key ?? throw new ToolException(ToolException.Usage, $"{path} is not a release secret key ('offline-secret-key v1 release …'; a canary key is refused).");
    }
}
