using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.Protocol.Wire;

namespace Offline.Client.Attachments;

/// <summary>
/// One bulk connection (docs/TRAFFIC.md, "Attachments"): a paced connection of
/// <see cref="ClientLimits.BulkCellSize"/> cells at the bulk slot, each cell jittered like every paced
/// cell. It opens only for a transfer: the first cell carries Hello and the transfer's requests
/// (all of them, queued before the schedule starts), then one chunk moves per cell (up for an upload,
/// down for a download; lockstep makes the two look alike), then empty cells up to a count planned
/// from the bytes alone — the cells either direction needs, rounded up to a power of two, at least
/// <see cref="ClientLimits.BulkMinCells"/> — then the close. The count does not depend on the round
/// trip (a reply carries what the relay queued for it, whenever the client reads it); only a relay
/// that falls behind makes it double. Through Tor it has a circuit of its own.
/// </summary>
internal static class BulkConnection
{
    /// <summary>Hello as a stream frame (empty body).</summary>
    public const int HelloBytes = CellWire.StreamFrameHeaderSize;

    /// <summary>Welcome as a stream frame: token and challenge.</summary>
    public const int WelcomeBytes = CellWire.StreamFrameHeaderSize + (2 * RelayWire.TokenSize);

    /// <param name="upBytes">Every stream byte the client will send (Hello included).</param>
    /// <param name="downBytes">Every stream byte the relay will send if all goes well (Welcome included).</param>
    public static async Task RunAsync(string relay, AttachmentTransferOptions options, long upBytes, long downBytes, Action<RelayClient> requests, Func<RelayClient, Task> work, CancellationToken cancellationToken)
    {
        var proxy = options.ProxyPerConnection?.Invoke();
        var profile = TrafficProfile.Bulk.WithSlotPeriod(options.BulkSlotPeriod);
        var timeout = proxy is null ? ClientLimits.RelayTimeout : ClientLimits.TorRelayTimeout;
        var capacity = CellWire.Capacity(ClientLimits.BulkCellSize);
        var planned = OutboundScheduler.PaddedCount(Math.Max(CellsFor(upBytes, capacity), CellsFor(downBytes, capacity)), ClientLimits.BulkMinCells);
        var finished = 0;
        void Plan(RelayClient bulk)
        {
            // May stop when the work is done, or when every request has left and the replies still on
            // their way can carry every byte the relay still owes: the answers are in cells already sent for.
            bulk.PlanCellCount(planned, () => Volatile.Read(ref finished) == 1
                || (bulk.Scheduler!.StreamBytesSent >= upBytes
                    && bulk.StreamBytesReceived + ((bulk.Scheduler.CellsSent - bulk.CellsReceived) * capacity) >= downBytes));
            requests(bulk);
        }

        await using var connection = await RelayClient.ConnectPipelinedAsync(relay, timeout, proxy, profile, Plan, cancellationToken);
        try
        {
            await work(connection);
            Volatile.Write(ref finished, 1);
        }
        catch
        {
            // Cancelled or failed: close now rather than let queued chunks drain in padding.
            connection.Abort();
            throw;
        }

        await connection.FinishPlannedAsync(cancellationToken);
    }

    private static long CellsFor(long bytes, int capacity) => (bytes + capacity - 1) / capacity;
}
