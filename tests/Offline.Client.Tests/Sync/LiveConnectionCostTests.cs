using Offline.EndToEnd.Tests.Infrastructure;
using System.Diagnostics;
using Offline.Client.Tests.Hosting;
using Offline.Client.Traffic;
using Xunit.Abstractions;

namespace Offline.Client.Tests.Sync;

/// <summary>What a paced connection costs in slots: connecting (Hello, loop queue, publish, subscribes, catch-up) and one message.</summary>
public sealed class LiveConnectionCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Connect_PacedProfile_IsCaughtUpWithinAFewSlotsAndMessagesTakeAFew()
    {
        using var relay = await RelayProcess.StartAsync();
        var period = TimeSpan.FromMilliseconds(100);
        var profile = TrafficProfile.Standard.WithSlotPeriod(period);
        await using var alice = await LiveUser.StartAsync(relay.Port, profile, "alice", TimeSpan.FromSeconds(4));
        await using var bob = await LiveUser.StartAsync(relay.Port, profile, "bob");
        var firstConnectSlots = bob.Live.Current!.Relay.Scheduler!.Recent.Count;
        await alice.AddAsync(bob);
        await alice.SendTextAsync(bob, "first");
        await Eventually.TrueAsync(() => bob.Texts.Contains("first"), LiveUser.Wait, "bob gets the first contact");
        await bob.SendTextAsync(alice, "reply");
        await Eventually.TrueAsync(() => alice.Texts.Contains("reply"), LiveUser.Wait, "alice gets the reply");

        // Alice's next rotation: a returning user with two queues (introduction + bob's conversation).
        var before = alice.Live.Current;
        await Eventually.TrueAsync(() => alice.Live.Current is { } next && next != before, LiveUser.Wait, "alice rotates");
        var connectSlots = alice.Live.Current!.Relay.Scheduler!.Recent.Count;

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var text = $"ping {i}";
            var started = Stopwatch.GetTimestamp();
            await alice.SendTextAsync(bob, text);
            await Eventually.TrueAsync(() => bob.Texts.Contains(text), LiveUser.Wait, "bob gets it");
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        var ordered = latencies.Order().ToList();
        output.WriteLine($"first connect (publishes the bundle): {firstConnectSlots} slots; reconnect: {connectSlots} slots; message latency at {period.TotalMilliseconds} ms slots: median {ordered[5].TotalMilliseconds:0} ms, max {ordered[^1].TotalMilliseconds:0} ms");
        Assert.InRange(connectSlots, 1, 10);
        Assert.True(ordered[5] < period * 10, $"median latency {ordered[5]}");
    }
}
