using Offline.Protocol.Wire;

namespace Offline.Relay.Sockets;

/// <summary>
/// The cell state of one paced connection (docs/PROTOCOL.md, Part 2, "Paced connections"): the
/// reader that turns the client's cells into stream frames, and the writer that holds the relay's
/// stream until the client's next cell takes it out. Allocated only for paced connections and
/// small while idle (no buffer is held between frames).
/// </summary>
internal sealed class PacedStream(long backlogBytes)
{
    private readonly CellReader reader = new();
    private readonly Lock deliveries = new();
    private CellWriter? writer;

    /// <summary>The connection's cell size; 0 until the first valid cell.</summary>
    public int CellSize => reader.CellSize;

    /// <summary>Checks one cell and appends the stream frames it completed; the first valid cell fixes the size.</summary>
    public CellError Accept(ReadOnlySpan<byte> cell, List<RelayFrame> frames)
    {
        var error = reader.Accept(cell, frames);
        if (error == CellError.None && writer is null)
        {
            Volatile.Write(ref writer, new CellWriter(reader.CellSize));
        }

        return error;
    }

    public string Describe(CellError error, int cellLength) => CellWire.Describe(error, cellLength, reader.CellSize);

    /// <summary>An answer always goes in: the stream drains only as cells arrive, so waiting for room would deadlock.</summary>
    public void QueueAnswer(RelayOp op, uint requestId, byte[] body) =>
        Writer.Enqueue(CellWire.EncodeStreamFrame(op, requestId, body));

    /// <summary>
    /// Queues a delivery unless it would take the stream past the backlog cap; false when it was
    /// left out (it stays stored, and the next Subscribe brings it).
    /// </summary>
    public bool TryQueueDelivery(byte[] body)
    {
        var frame = CellWire.EncodeStreamFrame(RelayOp.Delivery, 0, body);
        var stream = Writer;

        // Deliveries race each other (several senders); the check and the enqueue are one step.
        lock (deliveries)
        {
            if (stream.BufferedBytes + frame.Length > backlogBytes)
            {
                return false;
            }

            stream.Enqueue(frame);
            return true;
        }
    }

    /// <summary>
    /// True when answers alone have taken the stream past twice the backlog cap: the client asks for
    /// more (bundles, errors) than its cells carry out, and the relay would otherwise buffer it without end.
    /// </summary>
    public bool IsOverrun => Writer.BufferedBytes > 2 * backlogBytes;

    /// <summary>The one cell that answers the client's cell: the next bytes of the stream, or none.</summary>
    public byte[] NextCell() => Writer.NextCell();

    /// <summary>Frames are handled only after a valid cell, so the writer exists whenever anything is queued.</summary>
    private CellWriter Writer => Volatile.Read(ref writer) ?? throw new InvalidOperationException("no cell accepted yet");
}
