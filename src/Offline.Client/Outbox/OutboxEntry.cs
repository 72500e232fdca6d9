namespace Offline.Client.Outbox;

/// <summary>
/// One sealed message waiting for the relay's Ok. It is already encrypted (the ratchet moved on when
/// it was composed), so it is sent exactly as stored, however late.
/// </summary>
public sealed record OutboxEntry
{
    /// <summary>Local handle (random hex); never sent.</summary>
    public required string Id { get; init; }

    /// <summary>Destination queue, hex.</summary>
    public required string Address { get; init; }

    /// <summary>The sealed ciphertext, base64.</summary>
    public required string Ciphertext { get; init; }

    /// <summary>First contact: the relay wants a proof-of-work stamp.</summary>
    public required bool NeedsStamp { get; init; }

    /// <summary>The contact it goes to (their ID), so the user can be told what is waiting.</summary>
    public required string ContactId { get; init; }

    /// <summary>What it carries: text, reaction, receipt, typing, delete.</summary>
    public required string Kind { get; init; }

    /// <summary>The content message id (hex) inside: for a text, its id in the chat.</summary>
    public required string MessageId { get; init; }

    public byte[] AddressBytes() => Convert.FromHexString(Address);

    public byte[] CiphertextBytes() => Convert.FromBase64String(Ciphertext);
}
