namespace Offline.Client.Canary;

/// <summary>What a client concludes about a relay's warrant canary; everything but <see cref="Fresh"/> is a warning.</summary>
public enum CanaryStatus
{
    /// <summary>Well signed, by the pinned key (or the first key seen), and within its stated period.</summary>
    Fresh,

    /// <summary>The relay publishes no canary (Error NoCanary).</summary>
    Missing,

    /// <summary>Not a canary: bad encoding, missing field, not canonical, too large.</summary>
    Malformed,

    /// <summary>A canary of a version this client does not know.</summary>
    UnknownVersion,

    /// <summary>The signature does not verify under the key the canary names.</summary>
    BadSignature,

    /// <summary>Well signed, but the operator has not renewed it within its period: its statement is withdrawn.</summary>
    Expired,

    /// <summary>Dated later than tomorrow: this machine's clock or the operator's is wrong.</summary>
    FromTheFuture,

    /// <summary>Well signed, but by another key than the one pinned for this relay on first sight.</summary>
    KeyChanged,

    /// <summary>The relay closed the connection on FetchCanary: an older relay that does not know the op.</summary>
    RelayTooOld,
}
