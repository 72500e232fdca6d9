using Offline.Tor.Tests.Hosting;

namespace Offline.Tor.Tests.Onion;

/// <summary>Startup failures of <c>--onion</c>: no network needed, so these run beside the collection.</summary>
public sealed class OnionStartupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("offline-onion-").FullName;

    [Fact]
    public async Task Onion_TorNotFound_ExitsWithOneReasonLine()
    {
        var (code, output) = await OnionRelay.RunToExitAsync("--urls", "http://127.0.0.1:0", "--onion",
            "--Relay:Onion:DataDirectory", Path.Combine(folder, "onion"), "--Relay:Onion:TorPath", Path.Combine(folder, "no-tor-here"));

        Assert.Equal(1, code);
        Assert.Contains("offline-relay: onion: cannot start tor", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onion_TorRejectsExtraTorrc_ExitsWithTorsReason()
    {
        var extra = Path.Combine(folder, "extra.torrc");
        await File.WriteAllTextAsync(extra, "NoSuchTorOption 1\n");

        var (code, output) = await OnionRelay.RunToExitAsync("--urls", "http://127.0.0.1:0", "--onion",
            "--Relay:Onion:DataDirectory", Path.Combine(folder, "onion"), "--Relay:Onion:ExtraTorrc", extra);

        Assert.Equal(1, code);
        Assert.Contains("tor exited with code 1 before publishing", output, StringComparison.Ordinal);
        Assert.Contains("NoSuchTorOption", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
