using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests.Release;

/// <summary>
/// `offline verify-release` and `offline-relay --verify-release`, run from a real release folder: an intact
/// release passes; a changed byte in any artefact or in the manifest, an added or a removed file fails with
/// exit 14 naming it; the project's own key (built in) refuses a release signed by any other key.
/// </summary>
[Collection(ReleaseBuildsCollection.Name)]
public class ReleaseVerificationTests(ReleaseBuilds builds)
{
    private const int Mismatch = 14;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public enum Checker
    {
        Cli,
        Relay,
    }

    [Fact]
    public async Task Verify_IntactReleaseWithItsKey_Passes()
    {
        var cli = await VerifyAsync(builds.ReleaseA, Checker.Cli, "--release-key", builds.PublicKeyFile);
        var relay = await VerifyAsync(builds.ReleaseA, Checker.Relay, "--release-key", builds.PublicKeyFile);
        var whole = await ProgramRun.RunAsync(Path.Combine(builds.CloneA, "release"), ["verify", Path.Combine(builds.ReleaseA, "offline-release.txt"), "--release-key", builds.PublicKeyFile], RunTimeout);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("cli/: all", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("not the project's release key", cli.Stderr, StringComparison.Ordinal);
        Assert.True(relay.ExitCode == 0, relay.ToString());
        Assert.Contains("relay/ and web/: all", relay.Stdout, StringComparison.Ordinal);
        Assert.Contains("not the project's release key", relay.Stderr, StringComparison.Ordinal);
        Assert.True(whole.ExitCode == 0, whole.ToString());
    }

    [Fact]
    public async Task Verify_WithTheBuiltInProjectKey_RefusesAThrowawaySignedRelease()
    {
        foreach (var checker in new[] { Checker.Cli, Checker.Relay })
        {
            var result = await VerifyAsync(builds.ReleaseA, checker);

            Assert.True(result.ExitCode == Mismatch, result.ToString());
            Assert.Contains("not by the trusted release key", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("Reinstall from the published release", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("warning", result.Stderr, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, Checker> ChangedFiles() => new()
    {
        { "cli/QRCoder.dll", Checker.Cli },
        { "cli/Offline.Cli.deps.json", Checker.Cli },
        { "relay/Offline.Relay.dll", Checker.Relay },
        { "relay/Offline.Relay.deps.json", Checker.Relay },
        { "web/app.html", Checker.Relay },
        { "web/sw.js", Checker.Relay },
    };

    [Theory]
    [MemberData(nameof(ChangedFiles))]
    public async Task Verify_OneByteChangedInAnArtefact_FailsNamingIt(string path, Checker owner)
    {
        using var folder = new TempDirectory();
        var release = builds.CopyOfReleaseA(folder.Path);
        ChangeOneByte(Path.Combine(release, path));

        var failed = await VerifyAsync(release, owner, "--release-key", builds.PublicKeyFile);
        var other = await VerifyAsync(release, owner == Checker.Cli ? Checker.Relay : Checker.Cli, "--release-key", builds.PublicKeyFile);

        Assert.True(failed.ExitCode == Mismatch, failed.ToString());
        Assert.Contains($"{path}: changed", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("reinstall from the published release", failed.Stderr, StringComparison.Ordinal);
        // Each program checks its own files (and the relay the web app it serves), not the other's.
        Assert.True(other.ExitCode == 0, other.ToString());
    }

    [Fact]
    public async Task Verify_OneByteChangedInTheManifest_FailsForBoth()
    {
        using var folder = new TempDirectory();
        var release = builds.CopyOfReleaseA(folder.Path);
        var manifest = Path.Combine(release, "offline-release.txt");
        var text = File.ReadAllText(manifest);
        var at = text.IndexOf("\nfile ", StringComparison.Ordinal) + "\nfile ".Length + 10;
        File.WriteAllText(manifest, text[..at] + (text[at] == '0' ? '1' : '0') + text[(at + 1)..]);

        foreach (var checker in new[] { Checker.Cli, Checker.Relay })
        {
            var result = await VerifyAsync(release, checker, "--release-key", builds.PublicKeyFile);

            Assert.True(result.ExitCode == Mismatch, result.ToString());
            Assert.Contains("offline-release.txt does not verify", result.Stderr, StringComparison.Ordinal);
        }

        var whole = await ProgramRun.RunAsync(Path.Combine(builds.CloneA, "release"), ["verify", manifest, "--release-key", builds.PublicKeyFile], RunTimeout);
        Assert.True(whole.ExitCode == Mismatch, whole.ToString());
    }

    [Theory]
    [InlineData("cli/extra.dll", Checker.Cli)]
    [InlineData("cli/runtimes/.hidden", Checker.Cli)]
    [InlineData("relay/plugin.dll", Checker.Relay)]
    [InlineData("web/evil.js", Checker.Relay)]
    public async Task Verify_AddedFile_IsReported(string path, Checker owner)
    {
        using var folder = new TempDirectory();
        var release = builds.CopyOfReleaseA(folder.Path);
        await File.WriteAllTextAsync(Path.Combine(release, path), "added after the release was built");

        var result = await VerifyAsync(release, owner, "--release-key", builds.PublicKeyFile);

        Assert.True(result.ExitCode == Mismatch, result.ToString());
        Assert.Contains($"{path}: not part of the release", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RemovedFileWithJson_IsReportedAsMissing()
    {
        using var folder = new TempDirectory();
        var release = builds.CopyOfReleaseA(folder.Path);
        File.Delete(Path.Combine(release, "cli", "QRCoder.dll"));

        var result = await VerifyAsync(release, Checker.Cli, "--release-key", builds.PublicKeyFile, "--json");

        Assert.True(result.ExitCode == Mismatch, result.ToString());
        var report = result.EventsOf("release").Single();
        Assert.False((bool)report["ok"]!);
        var problem = Assert.Single(report["problems"]!.AsArray());
        Assert.Equal("missing", (string?)problem!["code"]);
        Assert.Equal("cli/QRCoder.dll", (string?)problem["path"]);
    }

    [Fact]
    public async Task Verify_ExplicitManifestPathAndWrongKeyFile_AreHandled()
    {
        using var folder = new TempDirectory();
        var release = builds.CopyOfReleaseA(folder.Path);
        var moved = folder.Sub("downloaded-manifest.txt");
        File.Move(Path.Combine(release, "offline-release.txt"), moved);

        var none = await VerifyAsync(release, Checker.Cli, "--release-key", builds.PublicKeyFile);
        var given = await VerifyAsync(release, Checker.Cli, moved, "--release-key", builds.PublicKeyFile);
        var relayGiven = await VerifyAsync(release, Checker.Relay, moved, "--release-key", builds.PublicKeyFile);
        var secretAsKey = await VerifyAsync(release, Checker.Cli, moved, "--release-key", builds.SecretKeyFile);

        Assert.True(none.ExitCode == Mismatch, none.ToString());
        Assert.Contains("No offline-release.txt", none.Stderr, StringComparison.Ordinal);
        Assert.True(given.ExitCode == 0, given.ToString());
        Assert.True(relayGiven.ExitCode == 0, relayGiven.ToString());
        Assert.Equal(2, secretAsKey.ExitCode);
        Assert.Contains("is a secret key", secretAsKey.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(builds.SecretKeyFile).Split(' ')[^1].Trim(), secretAsKey.Stderr + secretAsKey.Stdout, StringComparison.Ordinal);
    }

    private static Task<CliResult> VerifyAsync(string release, Checker checker, params string[] args) => checker == Checker.Cli
        ? ProgramRun.RunAsync("dotnet", [Path.Combine(release, "cli", "Offline.Cli.dll"), "verify-release", .. args], RunTimeout)
        : ProgramRun.RunAsync("dotnet", [Path.Combine(release, "relay", "Offline.Relay.dll"), "--verify-release", .. args], RunTimeout);

    /// <summary>
    /// One byte, changed so the program still runs (the check must be what fails, not the loader): the last
    /// byte of a DLL is section padding; in JSON the first space becomes a tab; in text the first letter's case flips.
    /// </summary>
    private static void ChangeOneByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = path.EndsWith(".dll", StringComparison.Ordinal) ? bytes.Length - 1
            : path.EndsWith(".json", StringComparison.Ordinal) ? Array.IndexOf(bytes, (byte)' ')
            : Array.FindIndex(bytes, b => char.IsAsciiLetter((char)b));
        bytes[at] = path.EndsWith(".dll", StringComparison.Ordinal) ? (byte)(bytes[at] ^ 0x01)
            : path.EndsWith(".json", StringComparison.Ordinal) ? (byte)'\t'
            : (byte)(bytes[at] ^ 0x20);
        File.WriteAllBytes(path, bytes);
    }
}
