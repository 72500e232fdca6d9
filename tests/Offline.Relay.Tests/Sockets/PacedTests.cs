using System.Buffers.Binary;
using System.Net.WebSockets;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Sockets;

/// <summary>
/// Paced connections through the real host: frames in cells, one cell back per cell in and never
/// one more, the classic order guarantees, the backlog cap, and a readable close for every bad cell.
/// </summary>
public sealed class PacedTests
{
    /// <summary>How long "nothing arrives" is watched for; a push would come within milliseconds on loopback.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Hello_InOneCell_WelcomeInTheOneReplyCell()
    {
        await using var relay = new RelayFactory();
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);

        await client.HelloAsync();

        Assert.NotNull(client.Welcome);
        Assert.NotEqual(client.Welcome.Token, client.Welcome.Challenge);
        Assert.Equal(1, client.CellsSent);
        Assert.Equal(1, client.CellsReceived);
        Assert.Equal(0, client.UnsolicitedCells);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(4096)]
    public async Task Lockstep_DeliveryFromAnotherConnection_ComesOnlyInTheReplyToTheNextCell(int cellSize)
    {
        await using var relay = Fast();
        await using var subscriber = await RelayClient.ConnectPacedAsync(relay.SocketUri, cellSize);
        await using var sender = await relay.HelloAsync();
        await subscriber.HelloAsync();
        var (queue, secret) = await TestKeys.CreateQueueAsync(subscriber);
        await subscriber.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        var ciphertext = TestKeys.Ciphertext(500);

        // 1. The Ok means the relay has already queued the delivery on the subscriber's stream: it must not push it.
        await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, ciphertext).Encode());
        Assert.False(await subscriber.UnsolicitedCellWithinAsync(Quiet));
        Assert.False(subscriber.TryTakeDelivery(out _));

        // 2. The next cell's reply carries it.
        await subscriber.ExchangeCellAsync();
        Assert.True(subscriber.TryTakeDelivery(out var delivery));
        Assert.Equal(ciphertext, delivery!.Ciphertext);

        // 3. N cells at once, mostly empty: exactly N come back, and nothing after.
        const int Burst = 40;
        for (var i = 0; i < Burst; i++)
        {
            await subscriber.SendCellAsync();
        }

        await subscriber.WaitForCellsAsync(subscriber.CellsSent);
        Assert.False(await subscriber.UnsolicitedCellWithinAsync(Quiet));
        Assert.Equal(subscriber.CellsSent, subscriber.CellsReceived);
        Assert.Equal(0, subscriber.UnsolicitedCells);
    }

    [Fact]
    public async Task Send64KiBBucket_AcrossManyCells_ArrivesIntactAtPacedAndClassicSubscribers()
    {
        await using var relay = Fast();
        await using var sender = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await using var paced = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await using var classic = await relay.HelloAsync();
        await sender.HelloAsync();
        await paced.HelloAsync();
        var (queue, secret) = await TestKeys.CreateQueueAsync(sender);
        await paced.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        await classic.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        var ciphertext = TestKeys.Ciphertext(SendRequest.CiphertextCapacity(RelayWire.MaxFrameSize));
        var before = sender.CellsSent;

        await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, ciphertext).Encode());

        Assert.True(sender.CellsSent - before >= 64, $"a 64 KiB frame took {sender.CellsSent - before} cells");
        Assert.Equal(ciphertext, (await paced.NextDeliveryAsync()).Ciphertext);
        Assert.Equal(ciphertext, (await classic.NextDeliveryAsync()).Ciphertext);
        Assert.Equal(0, sender.UnsolicitedCells + paced.UnsolicitedCells);
    }

    [Fact]
    public async Task Ping_AfterPendingAndPushedDeliveries_PongComesAfterThem()
    {
        await using var relay = Fast();
        await using var sender = await relay.HelloAsync();
        await using var subscriber = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await subscriber.HelloAsync();
        var (queue, secret) = await TestKeys.CreateQueueAsync(sender);
        for (var i = 0; i < 3; i++)
        {
            // 4 KiB-bucket messages: each spans several 1 KiB cells.
            await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, TestKeys.Ciphertext(SendRequest.CiphertextCapacity(4096))).Encode());
        }

        // 1. Subscribe and Ping in one cell: Ok, the three pending, then Pong.
        var subscribed = subscriber.QueueRequest(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        var pong = subscriber.QueueRequest(RelayOp.Ping, []);
        await subscriber.PumpUntilAsync(pong);
        Assert.Equal(RelayOp.Ok, (await subscribed).Op);
        Assert.Equal(
            new[] { RelayOp.Welcome, RelayOp.Ok, RelayOp.Delivery, RelayOp.Delivery, RelayOp.Delivery, RelayOp.Pong },
            subscriber.Received.Select(f => f.Op));

        // 2. A pushed delivery queued before a Ping comes before its Pong.
        await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, TestKeys.Ciphertext()).Encode());
        Assert.Equal(RelayOp.Pong, (await subscriber.RequestAsync(RelayOp.Ping, [])).Op);
        Assert.Equal(new[] { RelayOp.Delivery, RelayOp.Pong }, subscriber.Received.TakeLast(2).Select(f => f.Op));
    }

    [Fact]
    public async Task Backlog_DeliveryOverCap_NotQueuedThere_NextSubscribeGetsIt()
    {
        await using var relay = Fast(("Relay:Limits:PacedBacklogBytes", "4096"));
        await using var sender = await relay.HelloAsync();
        await using var subscriber = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await subscriber.HelloAsync();
        var (queue, secret) = await TestKeys.CreateQueueAsync(sender);
        await subscriber.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());

        // Each delivery is 7 + 40 + 900 = 947 stream bytes: four fit in 4096, the fifth does not.
        var sent = Enumerable.Range(0, 5).Select(_ => TestKeys.Ciphertext(900)).ToList();
        foreach (var ciphertext in sent)
        {
            await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, ciphertext).Encode());
        }

        Assert.Equal(RelayOp.Pong, (await subscriber.RequestAsync(RelayOp.Ping, [])).Op);
        var first = Drain(subscriber);
        Assert.Equal(sent.Take(4).Select(Convert.ToHexString), first.Select(d => Convert.ToHexString(d.Ciphertext)));
        foreach (var delivery in first)
        {
            await subscriber.OkAsync(RelayOp.Ack, new AckRequest(queue, secret, delivery.MessageId).Encode());
        }

        // The fifth stayed stored: a Subscribe on the client's next connection brings it.
        await using var later = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await later.HelloAsync();
        await later.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        Assert.Equal(RelayOp.Pong, (await later.RequestAsync(RelayOp.Ping, [])).Op);
        Assert.Equal(sent[4], Assert.Single(Drain(later)).Ciphertext);
    }

    [Fact]
    public async Task Answers_OutrunningCells_ClosesWithReason()
    {
        await using var relay = Fast(("Relay:Limits:PacedBacklogBytes", "4096"));
        await using var publisher = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(publisher, oneTimePrekeys: 0);
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();
        var fetch = Frame(RelayOp.FetchBundle, new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode());

        // One cell of 27-byte requests whose answers are whole bundles: far more than one cell carries out.
        await client.SendRawAsync(Cell(1024, [.. Enumerable.Repeat(fetch, CellWire.Capacity(1024) / fetch.Length).SelectMany(f => f)]));

        Assert.Equal("requests outrun the cells that carry their answers", await client.ClosedReasonAsync());
    }

    public static TheoryData<string, byte[], string> BadCells => new()
    {
        { "other cell size", Cell(4096, Frame(RelayOp.Ping, [])), "every cell on a paced connection must be 1024 bytes; got 4096" },
        { "not a bucket", Cell(1000, []), "every cell on a paced connection must be 1024 bytes; got 1000" },
        { "classic frame", RelayFrameCodec.Encode(RelayOp.Ping, 1, []), "unknown cell version (expected 0x02)" },
        { "unknown version", Tamper(Cell(1024, []), c => c[0] = 0x03), "unknown cell version (expected 0x02)" },
        { "payload past end", Tamper(Cell(1024, []), c => BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(1), 1022)), "cell payload length runs past the end of the cell" },
        { "non-zero fill", Tamper(Cell(1024, Frame(RelayOp.Ping, [])), c => c[^1] = 1), "cell padding must be all zero" },
        { "unknown op", Cell(1024, [0x42, 0, 0, 0, 1, 0, 0]), "unknown frame op inside a cell" },
        { "body over max", Cell(1024, [(byte)RelayOp.Send, 0, 0, 0, 1, 0xff, 0xf7]), "frame inside a cell declares a body over 65526 bytes" },
        { "relay op", Cell(1024, Frame(RelayOp.Ok, [])), "op 0x82 is sent by the relay, not to it" },
        { "malformed body", Cell(1024, Frame(RelayOp.Send, new byte[10])), "malformed Send body" },
        { "hello twice", Cell(1024, Frame(RelayOp.Hello, [])), "Hello may be sent only once" },
        { "good then bad in one cell", Cell(1024, [.. Frame(RelayOp.Ping, []), .. Frame(RelayOp.Ping, [1])]), "malformed Ping body" },
    };

    [Theory]
    [MemberData(nameof(BadCells))]
    public async Task BadCell_AfterHello_ClosesThatConnectionWithReason_OthersServed(string name, byte[] cell, string reason)
    {
        await using var relay = new RelayFactory();
        await using var bystander = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await using var bad = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await bystander.HelloAsync();
        await bad.HelloAsync();

        await bad.SendRawAsync(cell);

        Assert.True(reason == await bad.ClosedReasonAsync(), $"{name}: got \"{await bad.ClosedReasonAsync()}\"");
        Assert.Equal(0, bad.UnsolicitedCells);
        Assert.Equal(RelayOp.Pong, (await bystander.RequestAsync(RelayOp.Ping, [])).Op);
    }

    [Fact]
    public async Task TextMessage_OnPacedConnection_ClosesWithReason()
    {
        await using var relay = new RelayFactory();
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();

        await client.SendRawAsync("hello"u8.ToArray(), WebSocketMessageType.Text);

        Assert.Equal("text frames are not accepted; binary frames only", await client.ClosedReasonAsync());
    }

    [Theory]
    [InlineData("first cell not a bucket", 1000, "cell must be exactly 1, 4, 16 or 64 KiB; got 1000 bytes")]
    [InlineData("first frame not Hello", 1024, "first frame must be Hello")]
    public async Task BadFirstCell_ClosesWithReason(string name, int size, string reason)
    {
        await using var relay = new RelayFactory();
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);

        await client.SendRawAsync(Cell(size, Frame(RelayOp.Ping, [])));

        Assert.True(reason == await client.ClosedReasonAsync(), name);
    }

    [Fact]
    public async Task EmptyCells_BeforeHello_DoNotExtendHelloTimeout()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:HelloTimeoutSeconds"] = "1" });
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);

        // Empty cells every 100 ms, each answered by one empty cell, until the relay gives up on Hello.
        using var schedule = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var closed = client.Closed;
        while (!closed.IsCompleted && client.CellsSent < 100)
        {
            try
            {
                await client.ExchangeCellAsync();
            }
            catch (WebSocketException) when (closed.IsCompleted)
            {
                break;
            }

            await Task.WhenAny(closed, schedule.WaitForNextTickAsync().AsTask());
        }

        Assert.Equal("Hello must arrive within 1 s", await client.ClosedReasonAsync());
        Assert.InRange(client.CellsSent, 2, 30);
    }

    [Fact]
    public async Task Idle_CountsCells_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:IdleTimeoutSeconds"] = "1" });
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();

        Assert.Equal("idle timeout: no cell for 1 s", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task EmptyCellsAboveRate_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "5" });
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();

        // Ten cells at once; the relay closes after the burst, and sending stops when it has.
        for (var i = 0; i < 10 && !client.Closed.IsCompleted; i++)
        {
            try
            {
                await client.SendCellAsync();
            }
            catch (WebSocketException) when (client.Closed.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal("rate limit: more than 1 frames per second", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task FramesInOneCellAboveRate_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "5" });
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();

        await client.SendRawAsync(Cell(1024, [.. Enumerable.Range(0, 8).SelectMany(_ => Frame(RelayOp.Ping, []))]));

        Assert.Equal("rate limit: more than 1 frames per second", await client.ClosedReasonAsync());
    }

    /// <summary>A relay whose rate limit does not get in the way of cells sent back to back.</summary>
    private static RelayFactory Fast(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relay:Limits:FramesPerSecond"] = "100000",
            ["Relay:Limits:FrameBurst"] = "100000",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return new RelayFactory(settings);
    }

    private static List<DeliveryBody> Drain(RelayClient client)
    {
        var all = new List<DeliveryBody>();
        while (client.TryTakeDelivery(out var delivery))
        {
            all.Add(delivery!);
        }

        return all;
    }

    private static byte[] Frame(RelayOp op, byte[] body) => CellWire.EncodeStreamFrame(op, 7, body);

    /// <summary>A cell built by hand, so a bad one can be made.</summary>
    private static byte[] Cell(int size, byte[] payload)
    {
        var cell = new byte[size];
        cell[0] = CellWire.Version;
        BinaryPrimitives.WriteUInt16BigEndian(cell.AsSpan(1), (ushort)payload.Length);
        payload.AsSpan(0, Math.Min(payload.Length, size - CellWire.HeaderSize)).CopyTo(cell.AsSpan(CellWire.HeaderSize));
        return cell;
    }

    private static byte[] Tamper(byte[] cell, Action<byte[]> change)
    {
        change(cell);
        return cell;
    }
}
