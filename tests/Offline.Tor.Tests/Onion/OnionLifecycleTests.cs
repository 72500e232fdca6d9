using Offline.Tor.Tests.Hosting;
using Offline.Tor.Tests.Network;

namespace Offline.Tor.Tests.Onion;

/// <summary>
/// The relay's tor across restarts and a hard kill. The onion address and tor's lifetime need no
/// Tor network (tor writes the service keys before it connects anywhere), so tor runs with
/// <c>DisableNetwork 1</c> and these run beside the private-network collection.
/// </summary>
public sealed class OnionLifecycleTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("offline-onion-").FullName;
    private readonly string offline;

    public OnionLifecycleTests()
    {
        offline = Path.Combine(folder, "offline.torrc");
        File.WriteAllText(offline, "DisableNetwork 1\n");
    }

    [Fact]
    public async Task OnionAddress_RelayRestartedOnSameDataDirectory_Unchanged()
    {
        var dataDirectory = Path.Combine(folder, "restart");
        string before;
        await using (var relay = await OnionRelay.StartAsync(dataDirectory, offline))
        {
            before = relay.OnionHost;
            await relay.StopAsync();
            await Wait.UntilAsync(() => !ProcessTable.IsRunning(relay.TorProcessId, "tor"), TimeSpan.FromSeconds(20), () => "tor outlived the relay's shutdown");
        }

        await using var again = await OnionRelay.StartAsync(dataDirectory, offline);

        Assert.Equal(before, again.OnionHost);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(dataDirectory, "service")));
    }

    [Fact]
    public async Task Relay_KilledHard_ItsTorExitsToo()
    {
        await using var relay = await OnionRelay.StartAsync(Path.Combine(folder, "killed"), offline);
        Assert.True(ProcessTable.IsRunning(relay.TorProcessId, "tor"));

        await relay.KillRelayOnlyAsync();

        // tor polls its owning process (every 15 s on Linux) and exits when it is gone.
        await Wait.UntilAsync(() => !ProcessTable.IsRunning(relay.TorProcessId, "tor"), TimeSpan.FromSeconds(45), () => "tor outlived the killed relay");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
