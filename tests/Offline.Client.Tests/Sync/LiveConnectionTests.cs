using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Client.Sync;
using Offline.Client.Tests.Hosting;
using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.Observer;
using Offline.Protocol.Content;
using Offline.Protocol.Wire;

namespace Offline.Client.Tests.Sync;

/// <summary>
/// Two users online through the real relay, each behind a <see cref="WireRecorder"/>: what the observer
/// sees of a conversation on a paced profile (docs/TRAFFIC.md), and what the users see.
/// </summary>
public sealed class LiveConnectionTests
{
    private const int CellSize = 1024;

    [Theory]
    [InlineData("strict")]
    [InlineData("standard")]
    [InlineData("light")]
    public async Task Conversation_PacedProfile_EveryFrameEitherWayIsOneCell(string name)
    {
        using var relay = await RelayProcess.StartAsync();
        var profile = TrafficProfile.Find(name)!.WithSlotPeriod(TimeSpan.FromMilliseconds(150));
        await using var alice = await LiveUser.StartAsync(relay.Port, profile, "alice");
        await using var bob = await LiveUser.StartAsync(relay.Port, profile, "bob");

        await ConverseAsync(alice, bob);

        foreach (var user in new[] { alice, bob })
        {
            var connection = Assert.Single(user.Recorder.Connections);
            var frames = connection.Frames;
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.Equal((2, CellSize), (f.Opcode, (int)f.PayloadLength)));

            // Lockstep: the relay answers each cell with one cell, and nothing else.
            var up = frames.Count(f => f.Direction == WireDirection.Up);
            var down = frames.Count(f => f.Direction == WireDirection.Down);
            Assert.InRange(up - down, 0, 2);
        }
    }

    [Fact]
    public async Task Conversation_OffProfile_ClassicFramesOnlyWhenSendingAndNoLoopQueue()
    {
        using var relay = await RelayProcess.StartAsync();
        await using var alice = await LiveUser.StartAsync(relay.Port, TrafficProfile.Off, "alice");
        await using var bob = await LiveUser.StartAsync(relay.Port, TrafficProfile.Off, "bob");

        await ConverseAsync(alice, bob);

        Assert.Null(alice.Live.Current!.Relay.Scheduler);
        Assert.Null(alice.Live.Current.LoopAddress);
        var frames = alice.Recorder.Connections.Single().DataFrames;
        Assert.Contains(frames, f => f.Direction == WireDirection.Up && f.PayloadLength == 16 * 1024);
        Assert.All(frames, f => Assert.True(RelayFrameCodec.IsFrameSize((int)f.PayloadLength)));
    }

    [Fact]
    public async Task Conversation_Chatting_AddsNoCellsToTheSchedule()
    {
        using var relay = await RelayProcess.StartAsync();
        var period = TimeSpan.FromMilliseconds(150);
        var profile = TrafficProfile.Standard.WithSlotPeriod(period);
        await using var alice = await LiveUser.StartAsync(relay.Port, profile, "alice");
        await using var bob = await LiveUser.StartAsync(relay.Port, profile, "bob");
        await ConverseAsync(alice, bob);
        var window = TimeSpan.FromSeconds(3);
        var expected = (int)(window / period);

        // Idle: the schedule alone.
        var idle = await CountUpCellsAsync(alice, window, () => Task.CompletedTask);

        // Chatting: five short messages and a long one sent at the start of the window, and bob's replies.
        var chatting = await CountUpCellsAsync(alice, window, async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await alice.SendTextAsync(bob, $"burst {i}");
            }

            await alice.SendTextAsync(bob, new string('y', 3000));
            await bob.SendTextAsync(alice, "got them");
        });

        // The promise: never more cells than slots (+1 for where the window's edges fall), so talking adds
        // none. Fewer only when a loaded machine held timers back past slots' jitter windows: those slots
        // are skipped, never caught up (seen: 14 of 20 with three test runs at once on 2 cores); the lower
        // bound only shows the schedule ran.
        Assert.InRange(idle, expected / 2, expected + 1);
        Assert.InRange(chatting, expected / 2, expected + 1);
        await Eventually.TrueAsync(() => bob.Texts.Contains(new string('y', 3000)) && alice.Texts.Contains("got them"), LiveUser.Wait, "the burst is delivered");
    }

    [Fact]
    public async Task Rotation_ShortPeriod_NewConnectionOnScheduleOldLoopQueueGoneMessagesArriveOnce()
    {
        using var relay = await RelayProcess.StartAsync();
        var rotation = TimeSpan.FromSeconds(2);
        var profile = TrafficProfile.Standard.WithSlotPeriod(TimeSpan.FromMilliseconds(100));
        await using var alice = await LiveUser.StartAsync(relay.Port, profile, "alice", rotation);
        await using var bob = await LiveUser.StartAsync(relay.Port, profile, "bob", rotation);
        await ConverseAsync(alice, bob);

        // Across several rotations of both: one message each way before, during and after each.
        // Read Current once per try: with a 2 s rotation it can turn null between two reads.
        Offline.Client.Sync.RelaySession? first = null;
        await Eventually.TrueAsync(() => (first = alice.Live.Current) is not null, LiveUser.Wait, "alice is connected");
        var firstLoop = (first!.LoopAddress!.Value.ToArray(), first.LoopSecret!.Value.ToArray());
        var sent = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var before = alice.Live.Current;
            await alice.SendTextAsync(bob, $"before {round}");
            await bob.SendTextAsync(alice, $"before {round}");
            sent.Add($"before {round}");
            await Eventually.TrueAsync(() => alice.Live.Current != before, LiveUser.Wait, "alice rotates");
            await alice.SendTextAsync(bob, $"during {round}");
            await bob.SendTextAsync(alice, $"during {round}");
            sent.Add($"during {round}");
            await alice.WaitConnectedAsync();
            await alice.SendTextAsync(bob, $"after {round}");
            await bob.SendTextAsync(alice, $"after {round}");
            sent.Add($"after {round}");
        }

        await Eventually.TrueAsync(() => sent.All(bob.Texts.Contains) && sent.All(alice.Texts.Contains), LiveUser.Wait, "every message arrives");
        await Eventually.TrueAsync(async () => await alice.OutboxEmptyAsync() && await bob.OutboxEmptyAsync(), LiveUser.Wait, "both outboxes are empty");

        // A redelivery would come within a connection's catch-up: let both rotate once more, then count.
        var connections = alice.Recorder.Connections.Count;
        await Eventually.TrueAsync(() => alice.Recorder.Connections.Count > connections && alice.Live.Current is not null, LiveUser.Wait, "alice rotates again");
        foreach (var text in sent)
        {
            Assert.Single(bob.Texts, t => t == text);
            Assert.Single(alice.Texts, t => t == text);
            Assert.Single(bob.Home.Messenger.Chat(bob.ContactFor(alice)).Messages, m => m.Text == text && !m.Outgoing);
        }

        // On schedule: each connection lives one rotation period (plus its connect and close), then the next opens.
        var observed = alice.Recorder.Connections;
        Assert.True(observed.Count >= 4);
        for (var i = 1; i < observed.Count; i++)
        {
            Assert.InRange(observed[i].Opened - observed[i - 1].Opened, rotation, rotation + TimeSpan.FromSeconds(4));
            Assert.NotNull(observed[i - 1].Closed);
            Assert.Contains(observed[i - 1].Frames, f => f.Direction == WireDirection.Up && f.Opcode == 8);
            // The recorder stamps a connection's frames on that connection's own thread and an accept on another,
            // so two events a few milliseconds apart can be stamped out of order on a loaded machine. Opening the
            // new connection first would overlap the two by its whole connect (publish, subscribes: several slots).
            var lastUp = observed[i - 1].Frames.Where(f => f.Direction == WireDirection.Up).Max(f => f.At);
            Assert.True(
                lastUp <= observed[i].Opened + TimeSpan.FromMilliseconds(50),
                $"the old connection has sent its close before the new one opens: last frame up at {lastUp.TotalMilliseconds:F0} ms, next connection at {observed[i].Opened.TotalMilliseconds:F0} ms");
        }

        // The first connection's loop queue was deleted with it.
        await using var probe = await RelayClient.ConnectAsync(relay.Url, TimeSpan.FromSeconds(15), CancellationToken.None);
        var gone = await Assert.ThrowsAsync<RelayException>(() => probe.SubscribeAsync(firstLoop.Item1, firstLoop.Item2, CancellationToken.None));
        Assert.Equal(RelayErrorCode.QueueNotFound, gone.Code);
    }

    [Fact]
    public async Task Cover_ComingBack_NeverReachesTheUser()
    {
        using var relay = await RelayProcess.StartAsync();
        var profile = TrafficProfile.Strict.WithSlotPeriod(TimeSpan.FromMilliseconds(100));
        await using var alice = await LiveUser.StartAsync(relay.Port, profile, "alice");
        await using var bob = await LiveUser.StartAsync(relay.Port, profile, "bob");
        await ConverseAsync(alice, bob);

        await Eventually.TrueAsync(() => alice.Live.Current is { CoversReturned: >= 20 } && bob.Live.Current is { CoversReturned: >= 20 }, LiveUser.Wait, "cover flows both ways");

        foreach (var user in new[] { alice, bob })
        {
            Assert.All(user.Received, r => Assert.False(r.IsCover));
            Assert.All(user.Received, r => Assert.True(r.Error == Offline.Protocol.ProtocolError.None || RelaySession.IsRedelivery(r), $"{user.Name} was shown a failed delivery: {r.Error}"));
            Assert.InRange(user.Live.Current!.CoversInFlight, 0, ClientLimits.MaxCoversInFlight);
        }

        // Only what the other sent reached each user.
        Assert.Equal(["hello bob", new string('x', 10_000)], bob.Texts);
        Assert.Equal(["hi alice"], alice.Texts);
        Assert.Single(bob.Home.Messenger.Contacts.All);
        Assert.All(alice.Home.Messenger.Chat(alice.ContactFor(bob)).Messages, m => Assert.NotEqual(string.Empty, m.Text));
    }

    /// <summary>
    /// First contact (alice fetches bob's published bundle, her first message goes to his introduction
    /// mailbox with a stamp), a reply, a message in the 16 KiB bucket, a read receipt and a typing signal.
    /// </summary>
    private static async Task ConverseAsync(LiveUser alice, LiveUser bob)
    {
        await alice.AddAsync(bob);
        await alice.SendTextAsync(bob, "hello bob");
        await Eventually.TrueAsync(() => bob.Texts.Contains("hello bob"), LiveUser.Wait, "bob gets the first contact");

        await bob.SendTextAsync(alice, "hi alice");
        await Eventually.TrueAsync(() => alice.Texts.Contains("hi alice"), LiveUser.Wait, "alice gets the reply");

        var longText = new string('x', 10_000);
        Assert.Equal(16 * 1024, RelayFrameCodec.FrameSizeFor(SendRequest.Overhead + 10_000));
        await alice.SendTextAsync(bob, longText);
        await Eventually.TrueAsync(() => bob.Texts.Contains(longText), LiveUser.Wait, "bob gets the long message");

        var read = bob.Received.Where(r => r.Content?.Kind == ContentKind.Text).Select(r => Convert.ToHexStringLower(r.Content!.MessageId)).ToList();
        await bob.ComposeAsync((m, c) => m.SendReadReceipt(c, read), alice);
        await alice.ComposeAsync((m, c) => m.SendTyping(c, true), bob);
        await Eventually.TrueAsync(() => alice.Received.Any(r => r.Content?.Kind == ContentKind.ReadReceipt) && bob.Received.Any(r => r.Content?.Kind == ContentKind.Typing), LiveUser.Wait, "the receipt and the typing signal arrive");
    }

    /// <summary>Upstream cells on the wire during <paramref name="window"/>, starting just after <paramref name="during"/> begins.</summary>
    private static async Task<int> CountUpCellsAsync(LiveUser user, TimeSpan window, Func<Task> during)
    {
        var from = user.Recorder.Now;
        await during();
        await Eventually.TrueAsync(() => user.Recorder.Now >= from + window + TimeSpan.FromMilliseconds(400), LiveUser.Wait, "the window passes");
        return user.Recorder.Connections.Sum(c => c.DataFrames.Count(f => f.Direction == WireDirection.Up && f.At >= from && f.At < from + window));
    }
}
