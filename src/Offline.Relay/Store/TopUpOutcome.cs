namespace Offline.Relay.Store;

internal enum TopUpOutcome
{
    /// <summary>The new prekeys (those whose ids were not held yet) are appended; none, for a query.</summary>
    ToppedUp,

    /// <summary>No live directory entry has that fingerprint.</summary>
    NoEntry,

    /// <summary>Held plus new would pass the limit; nothing was added.</summary>
    OverLimit,
}
