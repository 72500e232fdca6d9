namespace Offline.Client;

/// <summary>Every limit of the client engine, with its reason.</summary>
public static class ClientLimits
{
    /// <summary>Argon2id memory in KiB (64 MiB): costly to guess passphrases on GPUs, fine on a phone-class machine.</summary>
    public const int PassphraseMemoryKib = 64 * 1024;

    /// <summary>Argon2id passes: with 64 MiB about 0.2 s here, once per unlock.</summary>
    public const int PassphrasePasses = 3;

    /// <summary>Argon2id lanes: one, so the cost does not depend on the machine's cores.</summary>
    public const int PassphraseParallelism = 1;

    /// <summary>Salt for the passphrase KDF, fresh per home directory.</summary>
    public const int PassphraseSaltSize = 16;

    /// <summary>Records are padded to the protocol's buckets so file sizes do not tell a short message from a long one.</summary>
    public const int MaxRecordSize = 1024 * 1024;

    /// <summary>Shortest random delay before a real send (the product page's 30–200 ms): defeats fine-grained timing correlation.</summary>
    public const int JitterMinMs = 30;

    /// <summary>Longest random delay before a real send; long enough to blur timing, short enough not to be felt.</summary>
    public const int JitterMaxMs = 200;

    /// <summary>Proof-of-work bits minted for a first contact unless told otherwise: the relay's default difficulty.</summary>
    public const int DefaultStampBits = 20;

    /// <summary>Most work the client agrees to do for one stamp (2^28 hashes, about a minute): a relay asking more is refused.</summary>
    public const int MaxStampBits = 28;

    /// <summary>Days of inactivity after which the relay may drop our queues and bundle (one of 7, 14, 30, 90, 180).</summary>
    public const ushort InactivityDays = 30;

    /// <summary>How long to wait for the relay to connect or to answer one request.</summary>
    public static readonly TimeSpan RelayTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The same through Tor: a new circuit to an onion service (rendezvous included) can take tens of seconds.</summary>
    public static readonly TimeSpan TorRelayTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A Ping on an idle connection this often keeps it under the relay's idle timeout (120 s by default).</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A long-lived client opens a new connection (new token, new loop queue, new Tor circuit) this often
    /// (docs/TRAFFIC.md, rule 7): often enough that one connection never spans a whole session of use,
    /// rarely enough that the reconnect (a few slots) is a small share of the time online.
    /// </summary>
    public static readonly TimeSpan RotationPeriod = TimeSpan.FromMinutes(10);

    /// <summary>Inactivity days of a connection's loop queue: the shortest the relay offers, as the queue is deleted when the connection ends anyway.</summary>
    public const ushort LoopQueueInactivityDays = 7;

    /// <summary>Cover messages in flight at once (sent, not yet delivered back): enough to fill every idle slot at one round trip per slot or two, few enough that a slow relay does not pile them up.</summary>
    public const int MaxCoversInFlight = 3;

    /// <summary>
    /// A bulk connection's cell (docs/TRAFFIC.md, "Attachments"): one PutChunk (16,376-byte stream frame) or
    /// one Chunk answer (16,343) fills one cell, so an attachment's chunks move one per cell.
    /// </summary>
    public const int BulkCellSize = 16_384;

    /// <summary>A bulk connection's slot: four 16 KiB cells a second each way, so a 100 KB photo (7 chunks, 8 cells) moves in about 2 s.</summary>
    public const int BulkPeriodMs = 250;

    /// <summary>The fewest cells a bulk connection sends (its count is padded to a power of two, at least this): a one-chunk voice note and a 7-chunk photo look alike.</summary>
    public const int BulkMinCells = 8;

    /// <summary>
    /// Chunk requests in flight on a strict connection's own cell stream: two (34 cells) keep the stream busy
    /// without putting a minute of chunks ahead of a chat message sent meanwhile.
    /// </summary>
    public const int StreamChunkWindow = 2;

    /// <summary>Chunk requests in flight on a classic connection: enough to hide the round trip, few enough to keep 64 KiB in the socket.</summary>
    public const int ClassicChunkWindow = 4;

    /// <summary>Cells an <see cref="Traffic.OutboundScheduler"/> remembers for tests and benchmarks (about 17 min of 1 s slots).</summary>
    public const int ScheduleHistory = 1024;
}
