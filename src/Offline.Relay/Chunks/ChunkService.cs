using Offline.Protocol.Wire;
using Offline.Relay.Limits;
using Offline.Relay.Sockets;
using Offline.Relay.Store;

namespace Offline.Relay.Chunks;

/// <summary>
/// The attachment chunk operations (docs/PROTOCOL.md Part 2, items 11-13): put, get, release. The
/// address is the capability: whoever knows it may fetch or release the chunk, and the relay learns
/// nothing else. Nothing here is logged.
/// </summary>
internal sealed class ChunkService(IRelayStore store, RelayLimits limits, DayClock clock)
{
    private static readonly RelayReply NotFound = RelayReply.Error(RelayErrorCode.ChunkNotFound, "no such chunk");

    /// <summary>The answer, and whether a new chunk was stored (what the connection's quota counts).</summary>
    public async Task<(RelayReply Reply, bool Stored)> PutAsync(PutChunkRequest request, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var chunk = new StoredChunk(ChunkAddress.From(request.Address), request.Chunk, request.Fetches, today + (uint)limits.ChunkTtlDays);
        var outcome = await store.PutChunkAsync(chunk, limits.MaxChunkStoreBytes, today, cancellationToken);
        var reply = outcome switch
        {
            PutChunkOutcome.Stored or PutChunkOutcome.AlreadyStored => RelayReply.Ok,
            PutChunkOutcome.Taken => RelayReply.Error(RelayErrorCode.AddressTaken, "another chunk is stored under that address"),
            _ => RelayReply.Error(RelayErrorCode.StoreFull, "relay chunk store is full"),
        };
        return (reply, outcome == PutChunkOutcome.Stored);
    }

    public async Task<RelayReply> GetAsync(ChunkAddressRequest request, CancellationToken cancellationToken) =>
        await store.GetChunkAsync(ChunkAddress.From(request.Address), clock.Today, cancellationToken) is { } bytes
            ? new RelayReply(RelayOp.Chunk, bytes)
            : NotFound;

    /// <summary>Ok whether or not the chunk was still there: the recipient's intent (it is done with it) holds.</summary>
    public async Task<RelayReply> ReleaseAsync(ChunkAddressRequest request, CancellationToken cancellationToken)
    {
        await store.ReleaseChunkAsync(ChunkAddress.From(request.Address), clock.Today, cancellationToken);
        return RelayReply.Ok;
    }
}
