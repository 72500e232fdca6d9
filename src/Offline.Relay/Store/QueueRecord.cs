namespace Offline.Relay.Store;

/// <summary>
/// What the relay keeps about a queue: who may read it (the SHA-256 of the owner secret), when it
/// expires (a day number, never a time), and for introduction mailboxes today's arrival count.
/// </summary>
internal sealed record QueueRecord(
    QueueAddress Address,
    byte[] OwnerAuthHash,
    ushort InactivityDays,
    uint ExpiryDay,
    bool IsIntroduction);
