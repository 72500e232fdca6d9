using Offline.Protocol.Statements;
using static Offline.Protocol.Tests.Statements.StatementSamples;

namespace Offline.Protocol.Tests.Statements;

public class ReleaseComparisonTests
{
    private static readonly ReleaseManifest Manifest = Build();

    [Fact]
    public void Compare_ExactlyTheListedFiles_FindsNothing()
    {
        var problems = ReleaseComparison.Compare(Manifest, ["cli/"], [Installed("cli/a.dll", 1, 'a'), Installed("cli/sub/b.dll", 2, 'b')]);

        Assert.Empty(problems);
    }

    [Fact]
    public void Compare_EveryKindOfDifference_IsReportedOncePerFile()
    {
        var problems = ReleaseComparison.Compare(Manifest, ["relay/", "web/"],
        [
            Installed("relay/r.dll", 4, 'c'),      // size differs
            Installed("web/app.html", 5, 'f'),     // same size, other bytes
            Installed("web/evil.js", 1, 'e'),      // not listed
            Installed("web/.hidden", 1, 'e'),      // not listed either
        ]);

        Assert.Equal(
            [
                new ReleaseProblem(ReleaseProblemKind.SizeMismatch, "relay/r.dll"),
                new ReleaseProblem(ReleaseProblemKind.Unlisted, "web/.hidden"),
                new ReleaseProblem(ReleaseProblemKind.HashMismatch, "web/app.html"),
                new ReleaseProblem(ReleaseProblemKind.Unlisted, "web/evil.js"),
                new ReleaseProblem(ReleaseProblemKind.Missing, "web/sw.js"),
            ],
            problems);
    }

    [Fact]
    public void Compare_OtherComponentsFiles_AreNotRequired()
    {
        // The CLI checks cli/ only: relay/ and web/ files it does not have are not its problem.
        Assert.Empty(ReleaseComparison.Compare(Manifest, ["cli/"], [Installed("cli/a.dll", 1, 'a'), Installed("cli/sub/b.dll", 2, 'b')]));
        Assert.Equal(3, ReleaseComparison.Compare(Manifest, ["relay/", "web/"], []).Count);
    }

    [Fact]
    public void Compare_WholeRelease_ChecksEveryFile()
    {
        InstalledFile[] all = [.. Manifest.Files.Select(f => new InstalledFile(f.Path, f.Size, f.Sha256))];

        Assert.Empty(ReleaseComparison.Compare(Manifest, [string.Empty], all));
        Assert.Equal([new ReleaseProblem(ReleaseProblemKind.Unlisted, "README")], ReleaseComparison.Compare(Manifest, [string.Empty], [.. all, Installed("README", 1, 'a')]));
    }

    [Fact]
    public void Compare_FolderTheManifestDoesNotList_IsReported()
    {
        // A manifest of another component or release must not pass vacuously over an empty check.
        var problems = ReleaseComparison.Compare(Manifest, ["tools/"], []);

        Assert.Equal([new ReleaseProblem(ReleaseProblemKind.NothingListed, "tools/")], problems);
    }

    [Fact]
    public void Compare_PrefixMatchesWholeFolderNamesOnly()
    {
        // "cli/" must not take in "client/…": the folder's slash is part of the prefix.
        var problems = ReleaseComparison.Compare(Manifest, ["cli/"], [Installed("cli/a.dll", 1, 'a'), Installed("cli/sub/b.dll", 2, 'b')]);

        Assert.DoesNotContain(problems, p => p.Path.StartsWith("client/", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_Misuse_Throws()
    {
        Assert.Throws<ArgumentException>(() => ReleaseComparison.Compare(Manifest, ["cli"], []));
        Assert.Throws<ArgumentException>(() => ReleaseComparison.Compare(Manifest, [], []));
        Assert.Throws<ArgumentException>(() => ReleaseComparison.Compare(Manifest, ["cli/"], [Installed("relay/r.dll", 3, 'c')]));
        Assert.Throws<ArgumentException>(() => ReleaseComparison.Compare(Manifest, ["cli/"], [Installed("cli/a.dll", 1, 'a'), Installed("cli/a.dll", 1, 'a')]));
    }

    private static InstalledFile Installed(string path, long size, char hash) => new(path, size, Hash(hash));

    private static ReleaseManifest Build()
    {
        using var key = Key("release");
        return new ReleaseManifest("0.2.0", Commit, key.PublicKey,
        [
            new ReleaseFile("cli/a.dll", 1, Hash('a')),
            new ReleaseFile("cli/sub/b.dll", 2, Hash('b')),
            new ReleaseFile("client/x.dll", 9, Hash('9')),
            new ReleaseFile("relay/r.dll", 3, Hash('c')),
            new ReleaseFile("web/app.html", 5, Hash('d')),
            new ReleaseFile("web/sw.js", 6, Hash('e')),
        ]);
    }
}
