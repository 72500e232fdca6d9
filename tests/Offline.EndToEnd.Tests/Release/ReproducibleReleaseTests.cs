using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Offline.Protocol.Statements;

namespace Offline.EndToEnd.Tests.Release;

/// <summary>./release from two clones of one commit in two folders: the same bytes, every file listed in the signed manifest.</summary>
[Collection(ReleaseBuildsCollection.Name)]
public class ReproducibleReleaseTests(ReleaseBuilds builds)
{
    [Fact]
    public void Release_TwoClonesInTwoFolders_AreByteIdentical()
    {
        var a = builds.ReleaseA;
        var b = Path.Combine(builds.DistB, builds.Name);
        var filesA = RelativeFiles(a);

        Assert.Equal(filesA, RelativeFiles(b));
        Assert.Contains("relay/Offline.Relay.dll", filesA);
        Assert.Contains("cli/Offline.Cli.dll", filesA);
        Assert.Contains("web/app.html", filesA);
        var different = filesA.Where(f => !File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f)))).ToArray();
        Assert.Empty(different);

        var tarA = File.ReadAllBytes(Path.Combine(builds.DistA, builds.Name + ".tar.gz"));
        var tarB = File.ReadAllBytes(Path.Combine(builds.DistB, builds.Name + ".tar.gz"));
        Assert.True(tarA.AsSpan().SequenceEqual(tarB), $"the two archives differ: {Convert.ToHexStringLower(SHA256.HashData(tarA))} vs {Convert.ToHexStringLower(SHA256.HashData(tarB))}");
        Assert.Equal(new[] { builds.Name, builds.Name + ".tar.gz" }, Directory.EnumerateFileSystemEntries(builds.DistA).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Release_Manifest_IsSignedAndListsEveryFileWithItsHash()
    {
        var release = builds.ReleaseA;
        Assert.True(StatementKey.TryParsePublic(File.ReadAllText(builds.PublicKeyFile), StatementKey.ReleasePurpose, out var key));

        var error = ReleaseManifest.TryParse(File.ReadAllBytes(Path.Combine(release, "offline-release.txt")), key!, out var manifest);

        Assert.Equal(StatementError.None, error);
        Assert.Equal(builds.Commit, manifest!.Commit);
        Assert.Equal("offline-" + manifest.Version, builds.Name);
        Assert.Equal(RelativeFiles(release).Where(f => f != "offline-release.txt"), manifest.Files.Select(f => f.Path));
        foreach (var file in manifest.Files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(release, file.Path));
            Assert.Equal(file.Size, bytes.Length);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        // Exactly the layout docs/RELEASE.md describes, and nothing built for one machine only.
        Assert.Equal(["cli", "relay", "web"], manifest.Files.Select(f => f.Path.Split('/')[0]).Distinct());
        Assert.Equal(["web/app.html", "web/icon.svg", "web/manifest.webmanifest", "web/sw.js"], manifest.Files.Select(f => f.Path).Where(p => p.StartsWith("web/", StringComparison.Ordinal)));
        Assert.DoesNotContain(manifest.Files, f => f.Path is "cli/Offline.Cli" or "relay/Offline.Relay" or "relay/web.config");
    }

    [Fact]
    public async Task Release_Archive_IsTheFolderWithFixedNamesOrderOwnerAndTime()
    {
        var archive = Path.Combine(builds.DistA, builds.Name + ".tar.gz");
        var gzip = File.ReadAllBytes(archive);
        Assert.Equal(0, gzip[3] & 0x08);                          // FLG: no original file name
        Assert.Equal(0, BitConverter.ToInt32(gzip, 4));            // MTIME: none

        await using var stream = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var reader = new TarReader(stream);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            names.Add(entry.Name.TrimEnd('/'));
            Assert.Equal(0, entry.Uid);
            Assert.Equal(0, entry.Gid);
            Assert.Equal(builds.CommitTime, entry.ModificationTime.ToUnixTimeSeconds());
            Assert.StartsWith(builds.Name, entry.Name, StringComparison.Ordinal);
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                using var content = new MemoryStream();
                await entry.DataStream!.CopyToAsync(content);
                Assert.True(content.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(builds.DistA, entry.Name))), entry.Name);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, entry.Mode);
            }
        }

        // (The order itself is GNU tar's --sort=name, depth first; that it never changes is the byte-identical test above.)
        Assert.Equal(RelativeFiles(builds.ReleaseA).Select(f => builds.Name + "/" + f), names.Where(n => File.Exists(Path.Combine(builds.DistA, n))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Release_Cli_ReportsTheReleaseVersionAndCommit()
    {
        var version = await ProgramRun.RunOkAsync("dotnet", [Path.Combine(builds.ReleaseA, "cli", "Offline.Cli.dll"), "--version"], TimeSpan.FromSeconds(60));

        Assert.Equal($"offline {builds.Name["offline-".Length..]}+{builds.Commit} (protocol v1)", version.Stdout.Trim());
    }

    private static List<string> RelativeFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None })
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
}
