using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

/// <summary>
/// The attachment chunk operations (docs/PROTOCOL.md Part 2, items 11–13), on a classic or a paced
/// connection alike: on a classic one each is one 16 KiB frame; on a paced one a PutChunk or a Chunk
/// answer is a 16,376- or 16,343-byte stream frame that spans 17 cells of 1 KiB, or one 16 KiB cell
/// of a bulk connection. Which connection carries them is <see cref="Attachments.AttachmentTransfer"/>'s choice.
/// </summary>
public sealed partial class RelayClient
{
    /// <summary>A Chunk answer as a stream frame: header, then the chunk.</summary>
    private const int ChunkAnswerStreamBytes = CellWire.StreamFrameHeaderSize + RelayWire.ChunkSize;

    /// <summary>GetChunks sent on this connection whose answers have not come yet: each one's wait counts the cells of those ahead.</summary>
    private long chunkAnswersAhead;

    /// <summary>
    /// Stores one chunk for <paramref name="fetches"/> recipients (1 to <see cref="RelayWire.MaxChunkFetches"/>).
    /// Idempotent on the relay: putting the same chunk under the same address again stores nothing new.
    /// </summary>
    public Task PutChunkAsync(byte[] address, int fetches, byte[] chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentOutOfRangeException.ThrowIfLessThan(fetches, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fetches, RelayWire.MaxChunkFetches);
        return RequestAsync(RelayOp.PutChunk, new PutChunkRequest(address, (byte)fetches, chunk).Encode(), RelayOp.Ok, cancellationToken);
    }

    /// <summary>
    /// The chunk stored under <paramref name="address"/>, or null when the relay has none (ChunkNotFound:
    /// never stored, released by every recipient, or expired). The bytes are the relay's, unchecked:
    /// the attachment decryptor checks their size, digest and tag.
    /// </summary>
    public async Task<byte[]?> GetChunkAsync(byte[] address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var request = new ChunkAddressRequest(address).Encode();
        var ahead = Interlocked.Increment(ref chunkAnswersAhead);
        try
        {
            var cells = CellCapacity == 0 ? 0 : ((ahead * ChunkAnswerStreamBytes) / CellCapacity) + 1;
            var (body, _) = await RequestWithEndAsync(RelayOp.GetChunk, request, RelayOp.Chunk, cancellationToken, cells);
            return body.ToArray();
        }
        catch (RelayException e) when (e.Code == RelayErrorCode.ChunkNotFound)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref chunkAnswersAhead);
        }
    }

    /// <summary>Says this recipient has the chunk stored; the relay deletes it when every recipient has.</summary>
    public Task ReleaseChunkAsync(byte[] address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return RequestAsync(RelayOp.ReleaseChunk, new ChunkAddressRequest(address).Encode(), RelayOp.Ok, cancellationToken);
    }
}
