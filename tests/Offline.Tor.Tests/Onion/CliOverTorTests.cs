using System.Globalization;
using System.Net;
using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.Tor.Tests.Onion;

/// <summary>Two `offline` users who reach the relay only through its .onion address, over the private Tor network.</summary>
[Collection(TorNetworkCollection.Name)]
public sealed class CliOverTorTests : IDisposable
{
    private readonly TorNetworkFixture fixture;
    private readonly string root = Path.Combine(Path.GetTempPath(), "offline-tor-cli-" + Guid.NewGuid().ToString("N"));

    public CliOverTorTests(TorNetworkFixture fixture)
    {
        this.fixture = fixture;
        Directory.CreateDirectory(root);
    }

    [Fact]
    public async Task TwoUsers_ThroughTheOnionAddress_ConverseBothWays()
    {
        var alice = User("alice");
        var bob = User("bob");
        await alice.GenerateIdAsync();
        await bob.GenerateIdAsync();

        await alice.RunOkAsync("add", bob.Id, "--name", "bob");
        await alice.RunOkAsync("send", "bob", "hello through three hops");
        var atBob = await bob.RunOkAsync("receive");
        Assert.Contains("hello through three hops", atBob.Stdout, StringComparison.Ordinal);

        await bob.RunOkAsync("add", alice.Id, "--name", "alice");
        await bob.RunOkAsync("send", "alice", "and back through the onion");
        var atAlice = await alice.RunOkAsync("receive");
        Assert.Contains("and back through the onion", atAlice.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnionRelay_WithoutTor_IsRefusedBeforeAnyConnection()
    {
        var carol = new CliUser(Path.Combine(root, "carol"), () => fixture.Relay.OnionSocketUri.ToString());
        var result = await carol.RunAsync("generate-id");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only Tor can reach", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private CliUser User(string name)
    {
        var socks = (IPEndPoint)fixture.Network.SocksEndPoint;
        return new CliUser(Path.Combine(root, name), () => fixture.Relay.OnionSocketUri.ToString())
        {
            GlobalArgs = [string.Create(CultureInfo.InvariantCulture, $"--tor={socks.Address}:{socks.Port}")],
        };
    }
}
