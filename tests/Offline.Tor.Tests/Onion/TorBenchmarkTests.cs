using Offline.Client.Transport;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Offline.Protocol.Wire;
using Offline.Tor.Tests.Hosting;
using Xunit.Abstractions;

namespace Offline.Tor.Tests.Onion;

/// <summary>
/// The figures in docs/benchmarks.md ("Tor"): network bootstrap, time until the onion answers,
/// and one message's round trip (Send on one connection → Delivery on another) through Tor
/// versus directly on loopback. Printed to the test output (run with a detailed console logger).
/// </summary>
[Collection(TorNetworkCollection.Name)]
public sealed class TorBenchmarkTests(TorNetworkFixture tor, ITestOutputHelper output)
{
    private const int RoundTrips = 20;

    [Fact]
    public async Task RoundTrip_ThroughTorAndDirect_BothDeliverEveryMessage()
    {
        double torMedian, directMedian;
        await using (var owner = await tor.ConnectThroughTorAsync())
        await using (var sender = await tor.ConnectThroughTorAsync())
        {
            torMedian = await MedianRoundTripAsync(owner, sender);
        }

        await using (var owner = await TorNetworkFixture.ConnectAsync(tor.Relay.DirectSocketUri, null))
        await using (var sender = await TorNetworkFixture.ConnectAsync(tor.Relay.DirectSocketUri, null))
        {
            directMedian = await MedianRoundTripAsync(owner, sender);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"bootstrap_s\":{tor.Network.BootstrapTime.TotalSeconds:0.0},\"onion_reachable_s\":{tor.OnionReachableTime.TotalSeconds:0.0},\"round_trip_tor_ms_median\":{torMedian:0.0},\"round_trip_direct_ms_median\":{directMedian:0.00},\"round_trips\":{RoundTrips}}}"));
        Assert.True(torMedian > directMedian, "a round trip through three hops each way cannot beat loopback");
    }

    private static async Task<double> MedianRoundTripAsync(RelayClient owner, RelayClient sender)
    {
        var (address, secret) = (RandomNumberGenerator.GetBytes(RelayWire.AddressSize), RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize));
        await owner.CreateQueueAsync(address, secret, 30, CancellationToken.None);
        await owner.SubscribeAsync(address, secret, CancellationToken.None);
        var times = new List<double>();
        for (var i = 0; i < RoundTrips; i++)
        {
            var ciphertext = RandomNumberGenerator.GetBytes(900);
            var clock = Stopwatch.StartNew();
            await sender.SendAsync(address, ciphertext, 0, CancellationToken.None);
            var delivery = await TorNetworkFixture.NextDeliveryAsync(owner);
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(ciphertext, delivery.Ciphertext);
            await owner.AckAsync(address, secret, delivery.MessageId, CancellationToken.None);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
