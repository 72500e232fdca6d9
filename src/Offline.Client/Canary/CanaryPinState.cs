namespace Offline.Client.Canary;

/// <summary>How the canary's key relates to the key pinned for this relay in the home.</summary>
public enum CanaryPinState
{
    /// <summary>No home (nothing can be pinned), or no well-signed canary to pin.</summary>
    NotPinned,

    /// <summary>First sight: this key is now pinned for this relay.</summary>
    PinnedNow,

    /// <summary>The key is the one pinned before.</summary>
    Matches,

    /// <summary>Another key than the pinned one; the pin was kept.</summary>
    Changed,

    /// <summary>Another key than the pinned one, accepted by the user (--trust-new-key): it is the pin now.</summary>
    Replaced,
}
