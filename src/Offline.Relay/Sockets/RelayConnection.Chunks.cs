using Offline.Protocol.Wire;

namespace Offline.Relay.Sockets;

/// <summary>The chunk operations' per-connection side: the store quota and the rate that paces bulk transfers.</summary>
internal sealed partial class RelayConnection
{
    private static bool IsChunkOp(RelayOp op) => op is RelayOp.PutChunk or RelayOp.GetChunk or RelayOp.ReleaseChunk;

    /// <summary>
    /// Over the chunk budget the connection's next frame is read later; frames are handled one at a
    /// time, so the wait holds the client back (TCP backpressure) without buffering anything.
    /// </summary>
    private async Task WaitForChunkBudgetAsync()
    {
        var wait = chunkRate.Borrow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, lifetime.Token);
        }
    }

    /// <summary>The connection counts the chunks it stored; the store never learns which connection stored what.</summary>
    private async Task<RelayReply> PutChunkAsync(PutChunkRequest request)
    {
        if (chunksStored >= limits.MaxChunksPerConnection)
        {
            return RelayReply.Error(RelayErrorCode.QuotaExceeded, $"at most {limits.MaxChunksPerConnection} chunks per connection");
        }

        var (reply, stored) = await chunks.PutAsync(request, lifetime.Token);
        if (stored)
        {
            chunksStored++;
        }

        return reply;
    }
}
