namespace Offline.Protocol;

/// <summary>
/// Every limit of the protocol, with the reason for its value. docs/PROTOCOL.md refers to these names.
/// </summary>
public static class Limits
{
    /// <summary>The padded sizes every plaintext and every relay frame is brought to (the product page's 1/4/16/64 KiB).</summary>
    public static readonly int[] Buckets = [1024, 4096, 16384, 65536];

    /// <summary>The largest bucket: nothing bigger travels in one frame; larger items are split by the client.</summary>
    public const int MaxBucket = 65536;

    /// <summary>Keys kept for messages skipped within one receiving chain: enough for a long burst lost in transit, small enough that a hostile header cannot make us derive millions of keys.</summary>
    public const int MaxSkippedPerChain = 1000;

    /// <summary>Skipped keys kept in total across chains; the oldest are dropped first so state stays bounded.</summary>
    public const int MaxSkippedTotal = 2000;

    /// <summary>Bytes of SHA-256 kept in an ID: 160 bits makes substituting keys for a given ID a 2^160 second-preimage search.</summary>
    public const int IdFingerprintSize = 20;

    /// <summary>Checksum bytes in an ID: a typo passes unnoticed with probability 2^-32.</summary>
    public const int IdChecksumSize = 4;

    /// <summary>One-time prekeys one bundle may carry when published; keeps a publish within a 16 KiB frame.</summary>
    public const int MaxOneTimePrekeysPerBundle = 100;

    /// <summary>SHA-256 iterations of the safety number: a constant cost to grinding a key pair whose number collides, cheap enough for a browser (milliseconds).</summary>
    public const int SafetyNumberIterations = 1024;

    /// <summary>Handshakes remembered to reject a replayed first message that used no one-time prekey.</summary>
    public const int MaxRememberedHandshakes = 10000;

    /// <summary>Earlier sessions kept per contact, for simultaneous first contact and late messages of a replaced session; few, because each one kept is key material that could decrypt its late messages.</summary>
    public const int MaxArchivedSessions = 3;

    /// <summary>Fields a content message may carry; bounds parsing work on hostile input.</summary>
    public const int MaxContentFields = 64;
}
