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

        await using (var owner = await WireClient.ConnectAsync(tor.Relay.DirectSocketUri, null, TorNetworkFixture.ConnectAttempt))
        await using (var sender = await WireClient.ConnectAsync(tor.Relay.DirectSocketUri, null, TorNetworkFixture.ConnectAttempt))
        {
            directMedian = await MedianRoundTripAsync(owner, sender);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"bootstrap_s\":{tor.Network.BootstrapTime.TotalSeconds:0.0},\"onion_reachable_s\":{tor.OnionReachableTime.TotalSeconds:0.0},\"round_trip_tor_ms_median\":{torMedian:0.0},\"round_trip_direct_ms_median\":{directMedian:0.00},\"round_trips\":{RoundTrips}}}"));
        Assert.True(torMedian > directMedian, "a round trip through three hops each way cannot beat loopback");
    }

    private static async Task<double> MedianRoundTripAsync(WireClient owner, WireClient sender)
    {
        var (address, secret) = (RandomNumberGenerator.GetBytes(RelayWire.AddressSize), RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize));
        await owner.OkAsync(RelayOp.CreateQueue, new CreateQueueRequest(address, SHA256.HashData(secret), 30).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        var times = new List<double>();
        for (var i = 0; i < RoundTrips; i++)
        {
            var ciphertext = RandomNumberGenerator.GetBytes(900);
            var clock = Stopwatch.StartNew();
            await sender.OkAsync(RelayOp.Send, new SendRequest(address, 0, ciphertext).Encode());
            var delivery = await owner.NextDeliveryAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(ciphertext, delivery.Ciphertext);
            await owner.OkAsync(RelayOp.Ack, new AckRequest(address, secret, delivery.MessageId).Encode());
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
