using Offline.Protocol.Statements;

namespace Offline.Client.Canary;

/// <summary>One check of a relay's canary: the verdict, the canary when it verified, and its key against the pin.</summary>
public sealed record CanaryResult(CanaryStatus Status, WarrantCanary? Canary, CanaryPinState Pin, string? PinnedFingerprint)
{
    public bool IsFresh => Status == CanaryStatus.Fresh;

    /// <summary>The fingerprint of the key that signed the canary, when it verified.</summary>
    public string? Fingerprint => Canary is null ? null : StatementKey.Fingerprint(Canary.Key);
}
