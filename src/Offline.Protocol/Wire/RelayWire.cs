namespace Offline.Protocol.Wire;

/// <summary>
/// The fixed sizes of the relay protocol (docs/PROTOCOL.md, Part 2). These are protocol facts, not
/// operator settings: a client and a relay that disagree on one cannot talk.
/// </summary>
public static class RelayWire
{
    /// <summary>The only frame version; a frame whose first byte differs is rejected.</summary>
    public const byte Version = 0x01;

    /// <summary>version (1) || op (1) || request id (4) || body length (4).</summary>
    public const int HeaderSize = 10;

    /// <summary>Queue addresses are 32 bytes: SHA-256 outputs or 256 random-looking bits, so they cannot be guessed.</summary>
    public const int AddressSize = 32;

    /// <summary>Owner secrets are 32 random bytes; the relay keeps only their SHA-256 (the owner-auth hash).</summary>
    public const int OwnerSecretSize = 32;

    /// <summary>SHA-256 output size: owner-auth hashes, bundle digests.</summary>
    public const int HashSize = 32;

    /// <summary>Connection tokens and publish challenges: 256 random bits each, fresh per connection.</summary>
    public const int TokenSize = 32;

    /// <summary>Message ids are 8 random bytes: unique among a queue's pending messages, carrying no order or time.</summary>
    public const int MessageIdSize = 8;

    /// <summary>Proof-of-work nonces are 8 bytes: room for far more tries than any difficulty needs.</summary>
    public const int StampNonceSize = 8;

    /// <summary>
    /// An attachment chunk is exactly 16,336 bytes (16,320 of plaintext and the GCM tag, PROTOCOL.md Part 3 §1),
    /// so a PutChunk fills one 16 KiB frame or cell and every chunk of every item looks alike.
    /// </summary>
    public const int ChunkSize = 16_336;

    /// <summary>The most recipients one chunk can be stored for: more than a 50-member group's 49 other members.</summary>
    public const int MaxChunkFetches = 64;

    /// <summary>The inactivity periods (days) an owner may choose: the product page's auto-wipe from one week to six months.</summary>
    public static readonly ushort[] InactivityPeriodsDays = [7, 14, 30, 90, 180];

    /// <summary>The largest frame; nothing bigger is read.</summary>
    public static int MaxFrameSize => Limits.MaxBucket;

    /// <summary>The largest body any frame can carry.</summary>
    public static int MaxBodySize => Limits.MaxBucket - HeaderSize;

    /// <summary>True when <paramref name="days"/> is one of <see cref="InactivityPeriodsDays"/>.</summary>
    public static bool IsInactivityPeriod(ushort days) => Array.IndexOf(InactivityPeriodsDays, days) >= 0;
}
