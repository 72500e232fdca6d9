using System.Security.Cryptography;
using Offline.Client.Tor;
using Offline.Client.Transport;
using Offline.Protocol.Wire;
using Offline.Tor.Tests.Hosting;
using Offline.Tor.Tests.Network;

namespace Offline.Tor.Tests.Onion;

[Collection(TorNetworkCollection.Name)]
public sealed class OnionRelayTests(TorNetworkFixture tor)
{
    [Fact]
    public async Task OnionRelay_TwoTorConnections_SendReachesSubscriber()
    {
        await using var owner = await tor.ConnectThroughTorAsync();
        await using var sender = await tor.ConnectThroughTorAsync();
        var (address, secret) = await CreateQueueAsync(owner);
        await owner.SubscribeAsync(address, secret, CancellationToken.None);
        var ciphertext = RandomNumberGenerator.GetBytes(900);

        await sender.SendAsync(address, ciphertext, 0, CancellationToken.None);
        var delivery = await TorNetworkFixture.NextDeliveryAsync(owner);
        await owner.AckAsync(address, secret, delivery.MessageId, CancellationToken.None);

        Assert.Equal(RelayWire.TokenSize, owner.Challenge.Length);
        Assert.Equal(address, delivery.Address);
        Assert.Equal(ciphertext, delivery.Ciphertext);
    }

    [Fact]
    public async Task OnionRelay_WebAppAddressPrinted_ServesAppThroughTor()
    {
        using var handler = new HttpClientHandler { Proxy = TorProxy.ForNewCircuit(tor.Network.SocksEndPoint), UseProxy = true };
        using var http = new HttpClient(handler) { Timeout = TorNetworkFixture.ConnectAttempt };

        using var response = await http.GetAsync(new Uri($"http://{tor.Relay.OnionHost}/app"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TorProxy_NewProxyPerToken_OwnCircuit_SameProxy_SharedCircuit()
    {
        var first = TorProxy.ForNewCircuit(tor.Network.SocksEndPoint);
        await using var a = await TorNetworkFixture.ConnectAsync(tor.Relay.OnionSocketUri, first);
        await using var b = await tor.ConnectThroughTorAsync();
        await using var sameTokenAsA = await TorNetworkFixture.ConnectAsync(tor.Relay.OnionSocketUri, first);

        // Three open streams to the onion: two credentials, so exactly two circuits. Without
        // isolation all three would share one; with isolation by connection rather than by credentials, three.
        IReadOnlyList<TorControl.Stream> streams = [];
        await Wait.UntilAsync(
            async () => (streams = await OpenStreamsToRelayAsync()).Count == 3,
            TimeSpan.FromSeconds(30),
            () => $"expected 3 open streams to the onion, saw: {string.Join("; ", streams)}");

        Assert.Equal(2, streams.Select(s => s.CircuitId).Distinct().Count());
    }

    [Fact]
    public async Task Relay_ReachedThroughOnion_SeesOnlyItsTorConnecting()
    {
        await using var first = await tor.ConnectThroughTorAsync();
        await using var second = await tor.ConnectThroughTorAsync();

        var clients = await SocketOwners.ClientsOfAsync(tor.Relay.Port);

        Assert.True(clients.Count >= 2, $"expected the two Tor connections at the relay, saw {clients.Count}");
        Assert.All(clients, owners => Assert.Equal([tor.Relay.TorProcessId], owners));
        Assert.DoesNotContain(clients, owners => owners.Contains(Environment.ProcessId));
    }

    private async Task<IReadOnlyList<TorControl.Stream>> OpenStreamsToRelayAsync() =>
        [.. (await TorControl.StreamsAsync(tor.Network.ControlEndPoint))
            .Where(s => s.Status == "SUCCEEDED" && s.Target.StartsWith(tor.Relay.OnionHost, StringComparison.Ordinal))];

    private static async Task<(byte[] Address, byte[] Secret)> CreateQueueAsync(RelayClient client)
    {
        var (address, secret) = (RandomNumberGenerator.GetBytes(RelayWire.AddressSize), RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize));
        await client.CreateQueueAsync(address, secret, 30, CancellationToken.None);
        return (address, secret);
    }
}
