using System.Globalization;
using System.Net;

namespace Offline.Client.Attachments;

/// <summary>How an <see cref="AttachmentTransfer"/> opens its bulk connections (standard and light only).</summary>
public sealed record AttachmentTransferOptions
{
    /// <summary>The environment variable that replaces the bulk slot of 250 ms (tests and benchmarks).</summary>
    public const string BulkSlotVariable = "OFFLINE_BULK_SLOT_MS";

    /// <summary>
    /// A proxy for each bulk connection, or null for direct connections. Through Tor pass
    /// <c>() =&gt; TorProxy.ForNewCircuit(socks)</c>: every bulk connection then gets a circuit of its own,
    /// not the main connection's, like a rotation.
    /// </summary>
    public Func<IWebProxy?>? ProxyPerConnection { get; init; }

    /// <summary>The bulk connection's slot: <see cref="ClientLimits.BulkPeriodMs"/>, or <see cref="BulkSlotVariable"/> when set.</summary>
    public TimeSpan BulkSlotPeriod { get; init; } = BulkSlotFromEnvironment();

    /// <summary><see cref="BulkSlotVariable"/> in milliseconds when set, else 250 ms. A value that is not a positive whole number throws, naming the variable.</summary>
    public static TimeSpan BulkSlotFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(BulkSlotVariable);
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.FromMilliseconds(ClientLimits.BulkPeriodMs);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new InvalidOperationException($"{BulkSlotVariable} must be a positive whole number of milliseconds; got '{text}'.");
    }
}
