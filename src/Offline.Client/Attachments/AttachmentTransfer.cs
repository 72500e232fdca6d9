using System.Diagnostics.CodeAnalysis;
using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.Protocol.Attachments;
using Offline.Protocol.Wire;

namespace Offline.Client.Attachments;

/// <summary>
/// Moves the chunks of one attachment between this client and the relay, on the lane its traffic
/// profile calls for (docs/TRAFFIC.md, "Attachments"): on <c>strict</c> inside the caller's own cell
/// stream, on <c>off</c> as classic frames on the caller's connection, on <c>standard</c> and
/// <c>light</c> over a bulk connection of its own that opens for the transfer and closes after it.
/// Release always goes on the caller's connection (a few small frames that do not show).
/// </summary>
public sealed class AttachmentTransfer
{
    private readonly RelayClient connection;
    private readonly AttachmentTransferOptions options;

    /// <param name="connection">The client's open connection; its <see cref="RelayClient.Profile"/> picks the lane.</param>
    public AttachmentTransfer(RelayClient connection, AttachmentTransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.options = options ?? new AttachmentTransferOptions();
        Lane = LaneFor(connection.Profile);
    }

    public AttachmentLane Lane { get; }

    /// <summary>The lane of a profile: by name, so a test's faster slot keeps its profile's lane.</summary>
    public static AttachmentLane LaneFor(TrafficProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return !profile.Paced ? AttachmentLane.Classic
            : profile.Name == TrafficProfile.Strict.Name ? AttachmentLane.CellStream
            : AttachmentLane.Bulk;
    }

    /// <summary>Stores every chunk of <paramref name="item"/> for <paramref name="fetches"/> recipients (1 for a pair chat).</summary>
    public Task UploadAsync(EncryptedAttachment item, int fetches, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        UploadAsync(item, fetches, new HashSet<int>(), progress, cancellationToken);

    /// <summary>
    /// Resumable upload: <paramref name="done"/> holds the indices of chunks the relay has confirmed; they
    /// are skipped, and each chunk confirmed now is added as its Ok arrives (so after a failure or a
    /// cancellation the caller can persist the set and resume). Putting a chunk again is harmless (the
    /// relay's PutChunk is idempotent), so a set that lost its last entries only costs a few cells.
    /// </summary>
    public async Task UploadAsync(EncryptedAttachment item, int fetches, ISet<int> done, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentOutOfRangeException.ThrowIfLessThan(fetches, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fetches, AttachmentLimits.MaxFetches);
        var total = item.Chunks.Count;
        int[] todo;
        lock (done)
        {
            todo = [.. Enumerable.Range(0, total).Where(i => !done.Contains(i))];
        }

        progress?.Report(new TransferProgress(total - todo.Length, total));
        if (todo.Length == 0)
        {
            return;
        }

        var pipeline = new ChunkPipeline<bool>(todo, WindowFor(Lane), async (relay, i) =>
        {
            // CancellationToken.None: cancelling a write would abort the caller's socket; the pipeline stops waiting instead.
            await relay.PutChunkAsync(item.Addresses[i], fetches, item.Chunks[i], CancellationToken.None);
            return true;
        });
        void Answered(int index, bool _)
        {
            int count;
            lock (done)
            {
                done.Add(index);
                count = done.Count(i => i >= 0 && i < total);
            }

            progress?.Report(new TransferProgress(count, total));
        }

        // Bulk: each PutChunk up, an Ok (empty body) down.
        var up = BulkConnection.HelloBytes + ((long)todo.Length * (CellWire.StreamFrameHeaderSize + PutChunkRequest.Size));
        var down = BulkConnection.WelcomeBytes + ((long)todo.Length * CellWire.StreamFrameHeaderSize);
        await RunAsync(pipeline, Answered, up, down, cancellationToken);
    }

    /// <summary>
    /// Fetches every chunk of the item <paramref name="pointer"/> names, in order; a null entry is a chunk
    /// the relay does not have (never stored, released, expired). The bytes are unchecked: hand them to
    /// <see cref="AttachmentDecryptor.TryDecrypt"/>, whose failure is the message's "attachment unavailable".
    /// </summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for the attachment reference (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public async Task<IReadOnlyList<byte[]?>> DownloadAsync(AttachmentPointer pointer, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var total = pointer.ChunkCount;
        var addresses = Enumerable.Range(0, total).Select(pointer.ChunkAddress).ToArray();
        var chunks = new byte[]?[total];
        var received = 0;
        progress?.Report(new TransferProgress(0, total));
        var pipeline = new ChunkPipeline<byte[]?>([.. Enumerable.Range(0, total)], WindowFor(Lane), (relay, i) => relay.GetChunkAsync(addresses[i], CancellationToken.None));
        // Bulk: each GetChunk (an address) up, a Chunk down (a ChunkNotFound error is smaller).
        var up = BulkConnection.HelloBytes + ((long)total * (CellWire.StreamFrameHeaderSize + RelayWire.AddressSize));
        var down = BulkConnection.WelcomeBytes + ((long)total * (CellWire.StreamFrameHeaderSize + RelayWire.ChunkSize));
        await RunAsync(pipeline, (index, chunk) =>
        {
            chunks[index] = chunk;
            progress?.Report(new TransferProgress(++received, total));
        }, up, down, cancellationToken);
        return chunks;
    }

    /// <summary>Tells the relay this recipient has the item stored (call only then): each chunk's fetch count drops by one. On the caller's connection, all at once.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for the attachment reference (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public async Task ReleaseAsync(AttachmentPointer pointer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var releases = Enumerable.Range(0, pointer.ChunkCount).Select(i => connection.ReleaseChunkAsync(pointer.ChunkAddress(i), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(releases).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            foreach (var release in releases)
            {
                _ = release.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            throw;
        }
    }

    private static int WindowFor(AttachmentLane lane) => lane switch
    {
        AttachmentLane.CellStream => ClientLimits.StreamChunkWindow,
        AttachmentLane.Classic => ClientLimits.ClassicChunkWindow,
        // Bulk: every request at once, so the relay's stream never waits for one and the cell count
        // follows from the bytes alone (1,024 Chunk answers are 16.7 MB, under the relay's 2 × 8 MiB).
        _ => int.MaxValue,
    };

    /// <summary>On the caller's connection, or on a bulk connection opened for this transfer (its first requests pipelined behind Hello).</summary>
    private async Task RunAsync<T>(ChunkPipeline<T> pipeline, Action<int, T> answered, long bulkUpBytes, long bulkDownBytes, CancellationToken cancellationToken)
    {
        if (Lane != AttachmentLane.Bulk)
        {
            await pipeline.RunAsync(connection, answered, cancellationToken);
            return;
        }

        try
        {
            await BulkConnection.RunAsync(connection.Endpoint.ToString(), options, bulkUpBytes, bulkDownBytes, pipeline.Fill, bulk => pipeline.RunAsync(bulk, answered, cancellationToken), cancellationToken);
        }
        finally
        {
            // A connection that failed to open leaves its pipelined first requests failed and unobserved.
            pipeline.Abandon();
        }
    }
}
