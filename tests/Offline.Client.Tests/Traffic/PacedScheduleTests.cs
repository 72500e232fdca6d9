using Offline.EndToEnd.Tests.Infrastructure;
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
        using var relay = await RelayProcess.StartAsync();
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
        // Never early, by even a millisecond; late only by what a loaded machine does to any timer. A
        // thread-pool stall (tests of other projects start relays in parallel) can hold one wake-up
        // back, so lateness is asserted for 9 cells in 10, earliness for every cell.
        Assert.All(cells, c => Assert.True(c.Sent - c.Nominal >= TimeSpan.FromMilliseconds(c.JitterMs), $"slot {c.Slot} left before nominal + its jitter"));
        Assert.True(
            cells.Count(c => c.Sent - c.Nominal <= TimeSpan.FromMilliseconds(c.JitterMs) + SchedulingTolerance) >= cells.Count * 9 / 10,
            "9 cells in 10 leave within the tolerance of nominal + jitter: " + string.Join(", ", cells.Select(c => (c.Sent - c.Nominal - TimeSpan.FromMilliseconds(c.JitterMs)).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        var onWire = wire.Select((frame, i) => Stopwatch.GetElapsedTime(scheduler.StartTimestamp, recorderStart) + frame.At - cells[i].Nominal).ToList();

        // The recorder's clock started at recorderStart or just before it, so this never makes a frame look early.
        Assert.All(onWire, late => Assert.True(late >= TimeSpan.FromMilliseconds(30), "a cell reached the wire less than 30 ms after its nominal time"));
        Assert.True(onWire.Count(late => late <= TimeSpan.FromMilliseconds(200) + SchedulingTolerance) >= onWire.Count * 9 / 10, "9 cells in 10 reach the wire within nominal + 200 ms + tolerance");

        // Fresh draws: not one value over and over.
        Assert.True(cells.Select(c => c.JitterMs).Distinct().Count() > 20);
    }

    [Fact]
    public async Task PacedClient_FirstCell_CarriesHelloAfterAJitter()
    {
        using var relay = await RelayProcess.StartAsync();
        var profile = TrafficProfile.Strict.WithSlotPeriod(TimeSpan.FromMilliseconds(150));
        await using var client = await RelayClient.ConnectAsync(relay.Url, TimeSpan.FromSeconds(15), CancellationToken.None, profile: profile);

        var first = client.Scheduler!.Recent[0];
        Assert.Equal(0, first.Slot);
        Assert.True(first.PayloadBytes > 0, "Hello rides in the first cell");
        Assert.True(first.Sent >= TimeSpan.FromMilliseconds(first.JitterMs), "the first cell waits for its jitter too");
        Assert.NotEmpty(client.Challenge);
    }
}
