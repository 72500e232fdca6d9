using System.Diagnostics;
using Offline.Client.Tests.Hosting;
using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.Observer;

namespace Offline.Client.Tests.Traffic;

/// <summary>The schedule of a paced <see cref="RelayClient"/> against the real relay, seen from the client and from the wire.</summary>
public sealed class PacedScheduleTests
{
    /// <summary>
    /// How late a cell may leave after its nominal time + jitter: timers, thread pool wake-ups and a
    /// test machine shared by several builds. Only ever added on the upper side: a cell is never early.
    /// </summary>
    private static readonly TimeSpan SchedulingTolerance = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task PacedClient_Idle_SendsEveryCellWithinNominalPlusThirtyToTwoHundredMs()
    {
        using var relay = await LocalRelay.StartAsync();
        var recorderClock = Stopwatch.StartNew();
        var recorderStart = Stopwatch.GetTimestamp();
        await using var recorder = new WireRecorder(relay.Port, recorderClock);
        var profile = TrafficProfile.Standard.WithSlotPeriod(TimeSpan.FromMilliseconds(100));
        await using var client = await RelayClient.ConnectAsync(recorder.RelayUrl, TimeSpan.FromSeconds(15), CancellationToken.None, profile: profile);
        var scheduler = client.Scheduler!;

        await Eventually.TrueAsync(() => scheduler.Recent.Count >= 60 && recorder.Connections.Single().DataFrames.Count(f => f.Direction == WireDirection.Up) >= 60, LiveUser.Wait, "60 cells are sent");
        var cells = scheduler.Recent.Take(60).ToList();
        var wire = recorder.Connections.Single().DataFrames.Where(f => f.Direction == WireDirection.Up).Take(60).ToList();

        Assert.Equal(0, cells[0].Slot);
        Assert.All(cells, c => Assert.InRange(c.JitterMs, 30, 200));
        Assert.All(cells, c => Assert.InRange(c.Sent - c.Nominal, TimeSpan.FromMilliseconds(c.JitterMs), TimeSpan.FromMilliseconds(c.JitterMs) + SchedulingTolerance));
        for (var i = 0; i < cells.Count; i++)
        {
            // The recorder's clock started at recorderStart or just before it, so this never makes a frame look early.
            var onWire = Stopwatch.GetElapsedTime(scheduler.StartTimestamp, recorderStart) + wire[i].At;
            Assert.InRange(onWire - cells[i].Nominal, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(200) + SchedulingTolerance);
        }

        // Fresh draws: not one value over and over.
        Assert.True(cells.Select(c => c.JitterMs).Distinct().Count() > 20);
    }

    [Fact]
    public async Task PacedClient_FirstCell_CarriesHelloAfterAJitter()
    {
        using var relay = await LocalRelay.StartAsync();
        var profile = TrafficProfile.Strict.WithSlotPeriod(TimeSpan.FromMilliseconds(150));
        await using var client = await RelayClient.ConnectAsync(relay.Url, TimeSpan.FromSeconds(15), CancellationToken.None, profile: profile);

        var first = client.Scheduler!.Recent[0];
        Assert.Equal(0, first.Slot);
        Assert.True(first.PayloadBytes > 0, "Hello rides in the first cell");
        Assert.True(first.Sent >= TimeSpan.FromMilliseconds(first.JitterMs), "the first cell waits for its jitter too");
        Assert.NotEmpty(client.Challenge);
    }
}
