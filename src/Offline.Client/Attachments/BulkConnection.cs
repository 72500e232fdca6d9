using Offline.Client.Traffic;
using Offline.Client.Transport;

namespace Offline.Client.Attachments;

/// <summary>
/// One bulk connection (docs/TRAFFIC.md, "Attachments"): a paced connection of
/// <see cref="ClientLimits.BulkCellSize"/> cells at the bulk slot, each cell jittered like every paced
/// cell. It opens only for a transfer: the first cell carries Hello and the first chunk requests,
/// then one chunk moves per cell (up for an upload, down for a download; lockstep makes the two
/// look alike), then empty cells until the count is a power of two (at least
/// <see cref="ClientLimits.BulkMinCells"/>), then the close. Through Tor it has a circuit of its own.
/// </summary>
internal static class BulkConnection
{
    public static async Task RunAsync(string relay, AttachmentTransferOptions options, Action<RelayClient> firstRequests, Func<RelayClient, Task> work, CancellationToken cancellationToken)
    {
        var proxy = options.ProxyPerConnection?.Invoke();
        var profile = TrafficProfile.Bulk.WithSlotPeriod(options.BulkSlotPeriod);
        var timeout = proxy is null ? ClientLimits.RelayTimeout : ClientLimits.TorRelayTimeout;
        await using var bulk = await RelayClient.ConnectPipelinedAsync(relay, timeout, proxy, profile, firstRequests, cancellationToken);
        try
        {
            await work(bulk);
        }
        catch
        {
            // Cancelled or failed: close now rather than let queued chunks drain in padding.
            bulk.Abort();
            throw;
        }

        await bulk.FinishPaddedAsync(ClientLimits.BulkMinCells, cancellationToken);
    }
}
