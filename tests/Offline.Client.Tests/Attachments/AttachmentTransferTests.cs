using System.Security.Cryptography;
using Offline.Client.Attachments;
using Offline.Client.Tests.Hosting;
using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Observer;
using Offline.Protocol.Attachments;

namespace Offline.Client.Tests.Attachments;

/// <summary>
/// <see cref="AttachmentTransfer"/> against the real relay process, each lane seen from the wire by a
/// recording proxy (sizes and times only, as an observer sees them). Faster slots than the product's
/// (the shapes are the same): 50 ms for the main connection and the bulk connection.
/// </summary>
public sealed class AttachmentTransferTests
{
    private static readonly TimeSpan FastSlot = TimeSpan.FromMilliseconds(50);
    private static readonly AttachmentTransferOptions FastBulk = new() { BulkSlotPeriod = FastSlot };
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("strict", 20_000)]
    [InlineData("standard", 100_000)]
    [InlineData("light", 50_000)]
    [InlineData("off", 100_000)]
    public async Task UploadThenDownload_EachProfile_RoundTripsAndReleaseDeletes(string profileName, int size)
    {
        using var relay = await RelayProcess.StartAsync();
        await using var sender = await ConnectAsync(relay.Url, profileName);
        await using var recipient = await ConnectAsync(relay.Url, profileName);
        var item = RandomNumberGenerator.GetBytes(size);
        var encrypted = Encrypt(item);
        var seen = new List<TransferProgress>();

        await new AttachmentTransfer(sender, FastBulk).UploadAsync(encrypted, 1, new Immediate(seen.Add), Cancel());
        var transfer = new AttachmentTransfer(recipient, FastBulk);
        var chunks = await transfer.DownloadAsync(Reparse(encrypted.Pointer), null, Cancel());

        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, chunks, out var decrypted));
        Assert.Equal(item, decrypted);
        Assert.Equal(Enumerable.Range(0, encrypted.Chunks.Count + 1).Select(n => new TransferProgress(n, encrypted.Chunks.Count)), seen);

        // One fetch was asked for: released once, every chunk is gone.
        await transfer.ReleaseAsync(encrypted.Pointer, Cancel());
        Assert.All(await new AttachmentTransfer(recipient, FastBulk).DownloadAsync(encrypted.Pointer, null, Cancel()), Assert.Null);
    }

    [Theory]
    [InlineData(100_000, 8)] // 7 chunks: 7 cells of data, padded to the minimum
    [InlineData(16_000, 8)] // 1 chunk: looks like the photo
    [InlineData(130_000, 8)] // 8 chunks and Hello still fit 8 cells (5 bytes to spare in each)
    [InlineData(140_000, 16)] // 9 chunks: 9 cells, padded to 16
    public async Task BulkLane_Transfer_EveryMessageIs16KiBBothWaysAndTheCountAPowerOfTwo(int size, int expectedCells)
    {
        using var relay = await RelayProcess.StartAsync();
        await using var recorder = new WireRecorder(relay.Port);
        await using var main = await ConnectAsync(recorder.RelayUrl, "standard");
        var encrypted = Encrypt(RandomNumberGenerator.GetBytes(size));
        var transfer = new AttachmentTransfer(main, FastBulk);
        Assert.Equal(AttachmentLane.Bulk, transfer.Lane);

        await transfer.UploadAsync(encrypted, 1, null, Cancel());
        var chunks = await transfer.DownloadAsync(encrypted.Pointer, null, Cancel());
        Assert.All(chunks, Assert.NotNull);

        // Connection 0 is the main one; 1 and 2 the upload's and the download's bulk connections, closed.
        await Eventually.TrueAsync(() => recorder.Connections.Count == 3 && recorder.Connections.Skip(1).All(c => c.Closed is not null), Bound, "both bulk connections close");
        foreach (var bulk in recorder.Connections.Skip(1))
        {
            var up = bulk.DataFrames.Where(f => f.Direction == WireDirection.Up).ToList();
            var down = bulk.DataFrames.Where(f => f.Direction == WireDirection.Down).ToList();
            Assert.All(bulk.DataFrames, f => Assert.Equal(ClientLimits.BulkCellSize, f.PayloadLength));
            Assert.Equal(expectedCells, up.Count);
            Assert.Equal(expectedCells, down.Count);
            Assert.All(bulk.Frames, f => Assert.True(f.Opcode is 2 or 8, $"only cells and the close; saw opcode {f.Opcode}"));
        }

        Assert.All(recorder.Connections[0].DataFrames, f => Assert.Equal(1024, f.PayloadLength));
    }

    [Fact]
    public async Task BulkLane_RoundTripOfManySlots_KeepsThePlannedCount()
    {
        // 250 ms each way between the client and the relay (a Tor circuit) against 50 ms slots: answers
        // reach the client ten slots after their cells, and the count must still follow from the item alone.
        using var relay = await RelayProcess.StartAsync();
        await using var recorder = new WireRecorder(relay.Port);
        await using var path = new DelayingProxy(recorder.Port, TimeSpan.FromMilliseconds(250));
        await using var main = await ConnectAsync(path.RelayUrl, "standard");
        var encrypted = Encrypt(RandomNumberGenerator.GetBytes(100_000));
        var transfer = new AttachmentTransfer(main, FastBulk);

        await transfer.UploadAsync(encrypted, 1, null, Cancel());
        var chunks = await transfer.DownloadAsync(encrypted.Pointer, null, Cancel());

        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, chunks, out _));
        await Eventually.TrueAsync(() => recorder.Connections.Count == 3 && recorder.Connections.Skip(1).All(c => c.Closed is not null), Bound, "both bulk connections close");
        foreach (var bulk in recorder.Connections.Skip(1))
        {
            Assert.Equal(8, bulk.DataFrames.Count(f => f.Direction == WireDirection.Up));
            Assert.Equal(8, bulk.DataFrames.Count(f => f.Direction == WireDirection.Down));
        }
    }

    [Fact]
    public async Task StrictLane_WhileAnAttachmentMoves_OnlyOneKiBCellsOnTheOneConnection()
    {
        using var relay = await RelayProcess.StartAsync();
        await using var recorder = new WireRecorder(relay.Port);
        await using var main = await ConnectAsync(recorder.RelayUrl, "strict");
        var encrypted = Encrypt(RandomNumberGenerator.GetBytes(30_000));
        var transfer = new AttachmentTransfer(main, FastBulk);
        Assert.Equal(AttachmentLane.CellStream, transfer.Lane);

        await transfer.UploadAsync(encrypted, 1, null, Cancel());
        var chunks = await transfer.DownloadAsync(encrypted.Pointer, null, Cancel());

        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, chunks, out _));
        var connection = Assert.Single(recorder.Connections);
        // Two chunks up and two down are 2 × 17 cells each way at least: the chunks rode the cells.
        Assert.True(connection.DataFrames.Count(f => f.Direction == WireDirection.Up) >= 34);
        Assert.All(connection.DataFrames, f => Assert.Equal(1024, f.PayloadLength));
        Assert.All(connection.Frames, f => Assert.Equal(2, f.Opcode));
    }

    [Fact]
    public async Task Upload_CancelledThenResumed_PutsOnlyTheChunksNotConfirmed()
    {
        using var relay = await RelayProcess.StartAsync();
        await using var recorder = new WireRecorder(relay.Port);
        var encrypted = Encrypt(RandomNumberGenerator.GetBytes(190_000)); // 12 chunks
        var done = new HashSet<int>();
        using var cancel = new CancellationTokenSource();
        await using (var first = await ConnectAsync(recorder.RelayUrl, "off"))
        {
            var upload = new AttachmentTransfer(first).UploadAsync(encrypted, 1, done, new Immediate(p =>
            {
                if (p.DoneChunks >= 3)
                {
                    cancel.Cancel();
                }
            }), cancel.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        }

        Assert.InRange(done.Count, 3, encrypted.Chunks.Count - 1);
        var confirmed = done.Count;
        await using var second = await ConnectAsync(recorder.RelayUrl, "off");
        await new AttachmentTransfer(second).UploadAsync(encrypted, 1, done, null, Cancel());

        Assert.Equal(Enumerable.Range(0, encrypted.Chunks.Count), done.Order());
        var puts = recorder.Connections[1].DataFrames.Count(f => f.Direction == WireDirection.Up && f.PayloadLength == 16_384);
        Assert.Equal(encrypted.Chunks.Count - confirmed, puts);
        var chunks = await new AttachmentTransfer(second).DownloadAsync(encrypted.Pointer, null, Cancel());
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, chunks, out _));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("strict")]
    [InlineData("off")]
    public async Task Download_AChunkNeverStored_IsNullAndTheItemUnavailable(string profileName)
    {
        using var relay = await RelayProcess.StartAsync();
        await using var main = await ConnectAsync(relay.Url, profileName);
        var encrypted = Encrypt(RandomNumberGenerator.GetBytes(40_000)); // 3 chunks
        var transfer = new AttachmentTransfer(main, FastBulk);

        // Marked done without being put: the relay never gets chunk 1.
        await transfer.UploadAsync(encrypted, 1, new HashSet<int> { 1 }, null, Cancel());
        var chunks = await transfer.DownloadAsync(encrypted.Pointer, null, Cancel());

        Assert.NotNull(chunks[0]);
        Assert.Null(chunks[1]);
        Assert.NotNull(chunks[2]);
        Assert.Equal(AttachmentError.MissingChunk, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, chunks, out var item));
        Assert.Null(item);
    }

    [Fact]
    public async Task PutChunk_FetchesOutOfRange_Throws()
    {
        using var relay = await RelayProcess.StartAsync();
        await using var main = await ConnectAsync(relay.Url, "off");
        var chunk = new byte[AttachmentLimits.ChunkCiphertextSize];
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => main.PutChunkAsync(new byte[32], 0, chunk, Cancel()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => main.PutChunkAsync(new byte[32], 65, chunk, Cancel()));
    }

    [Fact]
    public void LaneFor_EachProfile_IsTheDecidedLane()
    {
        Assert.Equal(AttachmentLane.CellStream, AttachmentTransfer.LaneFor(TrafficProfile.Strict.WithSlotPeriod(FastSlot)));
        Assert.Equal(AttachmentLane.Bulk, AttachmentTransfer.LaneFor(TrafficProfile.Standard));
        Assert.Equal(AttachmentLane.Bulk, AttachmentTransfer.LaneFor(TrafficProfile.Light));
        Assert.Equal(AttachmentLane.Classic, AttachmentTransfer.LaneFor(TrafficProfile.Off));
        Assert.Equal(16_384, TrafficProfile.Bulk.CellSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), TrafficProfile.Bulk.SlotPeriod);
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(7, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 16)]
    [InlineData(33, 64)]
    public void PaddedCount_CellsSent_NextPowerOfTwoAtLeastEight(long cells, long expected) =>
        Assert.Equal(expected, OutboundScheduler.PaddedCount(cells, ClientLimits.BulkMinCells));

    private static async Task<RelayClient> ConnectAsync(string relay, string profileName)
    {
        var profile = TrafficProfile.Find(profileName)!;
        return await RelayClient.ConnectAsync(relay, TimeSpan.FromSeconds(15), CancellationToken.None, profile: profile.Paced ? profile.WithSlotPeriod(FastSlot) : profile);
    }

    private static EncryptedAttachment Encrypt(byte[] item)
    {
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var encrypted));
        return encrypted!;
    }

    /// <summary>The recipient knows only the pointer's bytes, as the message carried them.</summary>
    private static AttachmentPointer Reparse(AttachmentPointer pointer)
    {
        Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(pointer.Encode(), out var parsed));
        return parsed!;
    }

    private static CancellationToken Cancel() => new CancellationTokenSource(Bound).Token;

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class Immediate(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
