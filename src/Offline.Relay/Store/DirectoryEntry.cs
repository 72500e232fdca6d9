namespace Offline.Relay.Store;

/// <summary>
/// A published prekey bundle: the bundle without one-time prekeys, the one-time prekeys kept one
/// by one (each handed out once), the ID's introduction mailbox and the day the entry expires.
/// </summary>
internal sealed record DirectoryEntry(
    byte[] Fingerprint,
    byte[] BaseBundle,
    IReadOnlyList<byte[]> OneTimePrekeys,
    QueueRecord IntroductionQueue);
