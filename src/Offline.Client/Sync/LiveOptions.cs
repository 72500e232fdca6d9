using Offline.Client.Traffic;

namespace Offline.Client.Sync;

/// <summary>How a <see cref="LiveConnection"/> reaches the relay and what it tells its user interface.</summary>
public sealed record LiveOptions
{
    public required string Relay { get; init; }

    public TrafficProfile Profile { get; init; } = TrafficProfile.Default;

    /// <summary>Proof-of-work bits for first contacts.</summary>
    public int StampBits { get; init; } = ClientLimits.DefaultStampBits;

    /// <summary>A new connection this often (docs/TRAFFIC.md, rule 7).</summary>
    public TimeSpan RotationPeriod { get; init; } = ClientLimits.RotationPeriod;

    /// <summary>A proxy for each new connection (Tor: fresh credentials, so a circuit of its own), or null for direct connections.</summary>
    public Func<System.Net.IWebProxy?>? ProxyPerConnection { get; init; }

    /// <summary>A transient problem (the relay unreachable, the connection lost), one line, for the UI; said once until it changes.</summary>
    public Action<string>? OnProblem { get; init; }

    /// <summary>Each time a connection is open and caught up (first, after a rotation, after a problem).</summary>
    public Action? OnConnected { get; init; }

    /// <summary>Each attachment download that ended (Ready or Unavailable), under the gate, for the UI.</summary>
    public Action<DownloadOutcome>? OnDownloaded { get; init; }

    /// <summary>Chunks confirmed while an attachment moves (a progress bar); called off the gate, must not touch the home.</summary>
    public IProgress<AttachmentProgress>? TransferProgress { get; init; }
}
