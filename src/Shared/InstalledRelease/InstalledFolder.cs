using System.Security.Cryptography;
using Offline.Protocol.Statements;

namespace Offline.InstalledRelease;

/// <summary>The files of an installed folder, hashed, in release terms; and where the release's manifest is.</summary>
internal static class InstalledFolder
{
    /// <summary>The name <c>./release</c> gives the signed manifest at the top of a release folder.</summary>
    public const string ManifestName = "offline-release.txt";

    // Hidden (dot) files count too: on Linux .NET marks them Hidden, and a verifier must see them.
    private static readonly EnumerationOptions EveryFile = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.None,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Every file under <paramref name="folder"/> as <paramref name="prefix"/> + its relative path with '/'
    /// separators (e.g. <c>cli/</c> + <c>runtimes/linux-x64/native/x.so</c>), with size and SHA-256.
    /// <paramref name="exclude"/> (the manifest itself, if it lies inside) is left out.
    /// </summary>
    public static List<InstalledFile> Scan(string folder, string prefix, string? exclude = null)
    {
        var files = new List<InstalledFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", EveryFile))
        {
            if (exclude is not null && string.Equals(Path.GetFullPath(path), Path.GetFullPath(exclude), StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(new InstalledFile(prefix + relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream))));
        }

        return files;
    }

    /// <summary>offline-release.txt in <paramref name="start"/> or the nearest folder above it that has one, else null.</summary>
    public static string? FindManifest(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ManifestName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
