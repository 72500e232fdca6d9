using Offline.Protocol.Wire;

namespace Offline.Relay.Limits;

/// <summary>
/// Every limit the relay enforces, with the reason for its default. None needs an identity: they
/// bound connections, frames and mailboxes. Bound from configuration section "Relay:Limits";
/// docs/RELAY.md lists them all.
/// </summary>
internal sealed class RelayLimits
{
    public const string Section = "Relay:Limits";

    /// <summary>Open sockets at once; beyond it new ones are closed at once, so memory stays bounded under a flood.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Seconds a new socket has to send Hello; frees sockets opened and left silent.</summary>
    public int HelloTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds without any frame before the relay closes a socket; clients send cover traffic or Ping well within it.</summary>
    public int IdleTimeoutSeconds { get; set; } = 120;

    /// <summary>Sustained frames per second per connection; a chatting client with cover traffic sends a few.</summary>
    public int FramesPerSecond { get; set; } = 50;

    /// <summary>Frames a connection may send in a burst above the sustained rate (e.g. draining an outbox after reconnect).</summary>
    public int FrameBurst { get; set; } = 200;

    /// <summary>Largest frame accepted: one of 1024, 4096, 16384, 65536; the protocol's largest bucket by default.</summary>
    public int MaxFrameBytes { get; set; } = RelayWire.MaxFrameSize;

    /// <summary>Frames waiting to be written to one socket; a reader slower than this is closed rather than buffered without end.</summary>
    public int OutboundFrames { get; set; } = 512;

    /// <summary>
    /// Bytes of answers and deliveries one paced connection's stream may hold (8 MiB: over two hours of
    /// 1 KiB cells at one a second). A delivery that would pass it is not queued there; it stays stored
    /// for the next Subscribe. Answers are always queued, since the stream drains only as cells arrive.
    /// </summary>
    public long PacedBacklogBytes { get; set; } = 8L << 20;

    /// <summary>Queues one connection may subscribe to; a client has one per conversation direction plus its introduction mailbox.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 64;

    /// <summary>Undelivered messages one conversation queue holds; a week offline at a busy chat.</summary>
    public int MaxPendingPerQueue { get; set; } = 1000;

    /// <summary>Undelivered bytes one queue holds (16 MiB): a few large attachments' worth.</summary>
    public long MaxBytesPerQueue { get; set; } = 16L << 20;

    /// <summary>Undelivered bytes in the whole store (1 GiB); protects the host's memory or disk.</summary>
    public long MaxStoreBytes { get; set; } = 1L << 30;

    /// <summary>Undelivered first-contact messages one introduction mailbox holds; more strangers than that waiting is spam.</summary>
    public int IntroMaxPending { get; set; } = 100;

    /// <summary>First-contact messages one introduction mailbox accepts per day, even if delivered at once.</summary>
    public int IntroMaxPerDay { get; set; } = 200;

    /// <summary>Leading zero bits of a first-contact stamp: about 0.2 s of one core in C# (docs/RELAY.md), far more for a flood.</summary>
    public int StampDifficultyBits { get; set; } = 20;

    /// <summary>Recently used stamp hashes remembered to refuse a reused stamp; bounded, oldest forgotten first.</summary>
    public int SeenStampCapacity { get; set; } = 100_000;

    /// <summary>Days an undelivered message is kept (the product page's mailbox: not an archive).</summary>
    public int MessageTtlDays { get; set; } = 7;

    /// <summary>
    /// Chunks one connection may store (PutChunk), counted in the connection only: two of the largest
    /// items (1,024 chunks each). A client that sends more opens another connection, which costs a handshake.
    /// </summary>
    public int MaxChunksPerConnection { get; set; } = 2048;

    /// <summary>Chunk bytes in the whole store (1 GiB), apart from <see cref="MaxStoreBytes"/>: protects the host's memory or disk.</summary>
    public long MaxChunkStoreBytes { get; set; } = 1L << 30;

    /// <summary>Days a chunk nobody released is kept: as long as the message that points to it.</summary>
    public int ChunkTtlDays { get; set; } = 7;

    /// <summary>
    /// Sustained chunk operations (PutChunk, GetChunk, ReleaseChunk) per second per connection: 1 MiB/s of
    /// chunks, 16 times the bulk lane's 4 cells a second. They have their own budget, apart from
    /// <see cref="FramesPerSecond"/>, and above it the relay reads the connection's next frame later
    /// instead of closing it: a bulk transfer is slowed, never cut.
    /// </summary>
    public int ChunksPerSecond { get; set; } = 64;

    /// <summary>Chunk operations a connection may send at once above the sustained rate: one whole item's chunks.</summary>
    public int ChunkBurst { get; set; } = 1024;

    /// <summary>Throws with the offending name when a configured value is out of range.</summary>
    public void Validate()
    {
        Require(MaxConnections > 0, nameof(MaxConnections));
        Require(HelloTimeoutSeconds > 0, nameof(HelloTimeoutSeconds));
        Require(IdleTimeoutSeconds > 0, nameof(IdleTimeoutSeconds));
        Require(FramesPerSecond > 0 && FrameBurst > 0, nameof(FramesPerSecond));
        Require(RelayFrameCodec.IsFrameSize(MaxFrameBytes), nameof(MaxFrameBytes));
        Require(OutboundFrames > 0, nameof(OutboundFrames));
        Require(PacedBacklogBytes > 0, nameof(PacedBacklogBytes));
        Require(MaxSubscriptionsPerConnection > 0, nameof(MaxSubscriptionsPerConnection));
        Require(MaxPendingPerQueue > 0 && MaxBytesPerQueue > 0 && MaxStoreBytes > 0, nameof(MaxPendingPerQueue));
        Require(IntroMaxPending > 0 && IntroMaxPerDay > 0, nameof(IntroMaxPending));
        Require(StampDifficultyBits is >= 0 and <= 40, nameof(StampDifficultyBits));
        Require(SeenStampCapacity > 0, nameof(SeenStampCapacity));
        Require(MessageTtlDays > 0, nameof(MessageTtlDays));
        Require(MaxChunksPerConnection > 0, nameof(MaxChunksPerConnection));
        Require(MaxChunkStoreBytes > 0, nameof(MaxChunkStoreBytes));
        Require(ChunkTtlDays > 0, nameof(ChunkTtlDays));
        Require(ChunksPerSecond > 0 && ChunkBurst > 0, nameof(ChunksPerSecond));
    }

    private static void Require(bool condition, string name)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"configuration {Section}:{name} is out of range (see docs/RELAY.md)");
        }
    }
}
