using System.Diagnostics;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;
using static Offline.Relay.Tests.Chunks.ChunkRelay;

namespace Offline.Relay.Tests.Chunks;

/// <summary>
/// The chunk operations on the wire: classic 16 KiB frames, the strict profile's 1 KiB cells, the bulk
/// lane's 16 KiB cells at its own slot period, malformed bodies, and the rate budget bulk transfers get.
/// </summary>
public sealed class ChunkSocketTests
{
    public static TheoryData<string, byte[], string> MalformedBodies => new()
    {
        { "short chunk", PutBody(chunkSize: RelayWire.ChunkSize - 1), "malformed PutChunk body" },
        { "long chunk", PutBody(chunkSize: RelayWire.ChunkSize + 1), "malformed PutChunk body" },
        { "no chunk", PutBody(chunkSize: 0), "malformed PutChunk body" },
        { "fetches 0", PutBody(fetches: 0), "malformed PutChunk body" },
        { "fetches 65", PutBody(fetches: 65), "malformed PutChunk body" },
        { "fetches 255", PutBody(fetches: 255), "malformed PutChunk body" },
    };

    [Fact]
    public async Task ClassicFrames_PutIsOneSixteenKiBFrameAndChunkComesBackInOne()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());
        var put = Put(address, chunk);

        Assert.Equal(16_384, RelayFrameCodec.Encode(RelayOp.PutChunk, 1, put).Length);
        await client.OkAsync(RelayOp.PutChunk, put);
        Assert.Equal(chunk, await GetAsync(client, address));
        await client.OkAsync(RelayOp.ReleaseChunk, At(address));
        await AssertGoneAsync(client, address);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task PutChunk_MalformedBody_ClosesOnlyThatConnection(string name, byte[] body, string reason)
    {
        await using var relay = new RelayFactory();
        await using var bystander = await relay.HelloAsync();
        await using var bad = await relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());
        await bystander.OkAsync(RelayOp.PutChunk, Put(address, chunk));

        _ = bad.RequestAsync(RelayOp.PutChunk, body);

        Assert.True(await bad.ClosedReasonAsync() == reason, name);
        Assert.Equal(chunk, await GetAsync(bystander, address));
        await using var next = await relay.HelloAsync();
        await next.OkAsync(RelayOp.PutChunk, Put(TestKeys.Address(), Chunk()));
    }

    [Theory]
    [InlineData(RelayOp.GetChunk, 31)]
    [InlineData(RelayOp.GetChunk, 33)]
    [InlineData(RelayOp.ReleaseChunk, 0)]
    [InlineData(RelayOp.ReleaseChunk, 64)]
    public async Task AddressOps_WrongLength_ClosesWithItsOpsName(RelayOp op, int length)
    {
        await using var relay = new RelayFactory();
        await using var bad = await relay.HelloAsync();
        await using var bystander = await relay.HelloAsync();

        _ = bad.RequestAsync(op, new byte[length]);

        Assert.Equal($"malformed {op} body", await bad.ClosedReasonAsync());
        Assert.Equal(RelayOp.Pong, (await bystander.RequestAsync(RelayOp.Ping, [])).Op);
    }

    [Fact]
    public async Task ChunkAnswer_SentToTheRelay_Closes()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        _ = client.RequestAsync(RelayOp.Chunk, new byte[RelayWire.ChunkSize]);

        Assert.Equal("op 0x8c is sent by the relay, not to it", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task StrictCells_PutAndGetSpanSeventeenOneKiBCells_InLockstep()
    {
        await using var relay = new RelayFactory();
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri, 1024);
        await client.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());

        var before = client.CellsSent;
        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk));
        var putCells = client.CellsSent - before;
        before = client.CellsSent;
        var fetched = await GetAsync(client, address);
        var getCells = client.CellsSent - before;

        Assert.Equal(chunk, fetched);
        Assert.Equal(17, putCells); // 16,376 stream bytes in 1,021-byte payloads; the Ok rides the reply to the 17th
        Assert.Equal(17, getCells); // one cell asks, the 16,343-byte answer fills the replies to it and 16 more
        Assert.Equal(client.CellsSent, client.CellsReceived);
        Assert.Equal(0, client.UnsolicitedCells);
    }

    [Fact]
    public async Task BulkCells_SixteenKiBEveryQuarterSecond_UploadThenDownloadAtDefaultLimits()
    {
        await using var relay = new RelayFactory();
        await using var uploader = await RelayClient.ConnectPacedAsync(relay.SocketUri, 16_384);
        await using var downloader = await RelayClient.ConnectPacedAsync(relay.SocketUri, 16_384);
        await using var main = await relay.HelloAsync();
        var chunks = Enumerable.Range(0, 4).Select(_ => (Address: TestKeys.Address(), Bytes: Chunk())).ToList();

        // Upload: Hello and the first PutChunk pipelined, then one PutChunk a cell, one cell per slot.
        var hello = uploader.QueueRequest(RelayOp.Hello, []);
        var puts = chunks.Select(c => uploader.QueueRequest(RelayOp.PutChunk, Put(c.Address, c.Bytes))).ToList();
        await SlotsUntilAsync(uploader, Task.WhenAll([hello, .. puts]));
        Assert.Equal(RelayOp.Welcome, (await hello).Op);
        Assert.All(await Task.WhenAll(puts), p => Assert.Equal(RelayOp.Ok, p.Op));
        Assert.Equal(CellsFor(7 + (chunks.Count * (7 + PutChunkRequest.Size))), uploader.CellsSent);

        // Download: every GetChunk in the first cell; each reply cell carries one whole Chunk.
        var welcome = downloader.QueueRequest(RelayOp.Hello, []);
        var gets = chunks.Select(c => downloader.QueueRequest(RelayOp.GetChunk, At(c.Address))).ToList();
        await SlotsUntilAsync(downloader, Task.WhenAll([welcome, .. gets]));
        var fetched = await Task.WhenAll(gets);
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(RelayOp.Chunk, fetched[i].Op);
            Assert.Equal(chunks[i].Bytes, fetched[i].Body.ToArray());
        }

        Assert.Equal(CellsFor(7 + 64 + (chunks.Count * (7 + RelayWire.ChunkSize))), downloader.CellsSent);

        // Then empty cells up to the lane's minimum of 8, as a client pads its bulk connection.
        foreach (var client in new[] { uploader, downloader })
        {
            await SlotsUntilAsync(client, () => client.CellsSent >= 8);
        }

        // The release goes on the main connection, after the recipient stored the item.
        foreach (var (address, _) in chunks)
        {
            await main.OkAsync(RelayOp.ReleaseChunk, At(address));
            await AssertGoneAsync(main, address);
        }

        foreach (var client in new[] { uploader, downloader })
        {
            Assert.Equal(client.CellsSent, client.CellsReceived);
            Assert.Equal(0, client.UnsolicitedCells);
            Assert.False(client.Closed.IsCompleted);
        }
    }

    [Fact]
    public async Task ClassicBurst_ManyMoreChunkOpsThanTheFrameBudget_SlowedNotClosed()
    {
        await using var relay = new RelayFactory(new()
        {
            ["Relay:Limits:FramesPerSecond"] = "5",
            ["Relay:Limits:FrameBurst"] = "5",
            ["Relay:Limits:ChunksPerSecond"] = "40",
            ["Relay:Limits:ChunkBurst"] = "4",
        });
        await using var client = await relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());
        const int Operations = 24;

        var watch = Stopwatch.StartNew();
        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk));
        var answers = await Task.WhenAll(Enumerable.Range(1, Operations - 1).Select(_ => client.RequestAsync(RelayOp.GetChunk, At(address))));
        watch.Stop();

        Assert.All(answers, a => Assert.Equal(RelayOp.Chunk, a.Op));
        Assert.False(client.Closed.IsCompleted);

        // 4 at once, the other 20 at 40 a second: at least half a second, minus timer slack.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(RelayOp.Pong, (await client.RequestAsync(RelayOp.Ping, [])).Op);
    }

    /// <summary>The bulk lane's clock: one cell per 250 ms slot until <paramref name="done"/>, bounded.</summary>
    private static Task SlotsUntilAsync(RelayClient client, Task done) => SlotsUntilAsync(client, () => done.IsCompleted);

    private static async Task SlotsUntilAsync(RelayClient client, Func<bool> done)
    {
        using var slots = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var deadline = DateTime.UtcNow + RelayClient.Wait;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "bulk transfer not done in time");
            Assert.False(client.Closed.IsCompleted, "the relay closed the bulk connection");
            await client.ExchangeCellAsync();
            await slots.WaitForNextTickAsync();
        }
    }

    /// <summary>16 KiB cells that carry <paramref name="streamBytes"/> of stream frames.</summary>
    private static int CellsFor(int streamBytes) => (streamBytes + CellWire.Capacity(16_384) - 1) / CellWire.Capacity(16_384);

    private static byte[] PutBody(int fetches = 1, int chunkSize = RelayWire.ChunkSize)
    {
        var body = new byte[RelayWire.AddressSize + 1 + chunkSize];
        body[RelayWire.AddressSize] = (byte)fetches;
        return body;
    }
}
