using System.Diagnostics;
using Offline.Client.Tor;
using Offline.Client.Transport;
using Offline.Protocol.Wire;
using Offline.Tor.Tests.Hosting;
using Offline.Tor.Tests.Network;

namespace Offline.Tor.Tests.Onion;

/// <summary>
/// One private Tor network and one onion relay on it, shared by every test of the collection
/// (bootstrapping a network costs tens of seconds). Ready means a Hello through the client's
/// SOCKS port to the .onion address has been answered.
/// </summary>
public sealed class TorNetworkFixture : IAsyncLifetime
{
    /// <summary>The onion service's descriptor must reach the HSDirs first; a few seconds to a minute here.</summary>
    public static readonly TimeSpan OnionDeadline = TimeSpan.FromSeconds(180);

    public static readonly TimeSpan ConnectAttempt = TimeSpan.FromSeconds(30);

    public PrivateTorNetwork Network { get; private set; } = null!;

    public OnionRelay Relay { get; private set; } = null!;

    /// <summary>From the relay printing its .onion address to the first answered Hello through Tor.</summary>
    public TimeSpan OnionReachableTime { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            Network = await PrivateTorNetwork.StartAsync();
            Relay = await OnionRelay.StartAsync(Network, Network.NewFolder("relay"));
            var clock = Stopwatch.StartNew();
            await using (await Wait.RetryAsync(() => ConnectThroughTorAsync(), OnionDeadline, "a Hello through Tor to the onion relay"))
            {
                OnionReachableTime = clock.Elapsed;
            }
        }
        catch
        {
            // Nothing started may outlive a failed setup, whether or not the runner disposes us.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A relay connection through the network's SOCKS port with credentials of its own (its own circuit).</summary>
    public Task<RelayClient> ConnectThroughTorAsync() => ConnectAsync(Relay.OnionSocketUri, TorProxy.ForNewCircuit(Network.SocksEndPoint));

    /// <summary>The product's own relay client (Hello done), direct or through <paramref name="proxy"/>.</summary>
    public static Task<RelayClient> ConnectAsync(Uri relay, System.Net.IWebProxy? proxy) =>
        RelayClient.ConnectAsync(relay.ToString(), ConnectAttempt, CancellationToken.None, proxy);

    /// <summary>The next pushed delivery, within <see cref="ConnectAttempt"/>.</summary>
    public static async Task<DeliveryBody> NextDeliveryAsync(RelayClient client)
    {
        using var timeout = new CancellationTokenSource(ConnectAttempt);
        return await client.Deliveries.ReadAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
            Relay = null!;
        }

        if (Network is not null)
        {
            await Network.DisposeAsync();
            Network = null!;
        }
    }
}
