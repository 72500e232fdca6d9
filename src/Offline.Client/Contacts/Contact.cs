namespace Offline.Client.Contacts;

/// <summary>
/// Someone the user talks to. <see cref="IdentityKeys"/> is the canonical identity (hex) seen when the
/// session was made; <see cref="KeyChanged"/> is raised when a later session arrives under other keys.
/// </summary>
public sealed record Contact
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public required string IdentityKeys { get; init; }

    public bool Verified { get; init; }

    public bool KeyChanged { get; init; }

    public bool Pinned { get; init; }

    public bool Muted { get; init; }

    /// <summary>True for a contact who wrote first and whom the user has not named yet.</summary>
    public bool IsRequest { get; init; }

    /// <summary>Owner secret (hex) of the queues this contact writes to us on; never leaves the device except to the relay as proof.</summary>
    public required string InboundSecret { get; init; }

    /// <summary>
    /// Our inbound queue addresses (hex) for this contact, newest first: one per session in the session
    /// record, so a contact still writing on an earlier session (simultaneous first contact) is heard.
    /// </summary>
    public IReadOnlyList<string> InboundAddresses { get; init; } = [];
}
