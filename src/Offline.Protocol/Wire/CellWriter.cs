using System.Buffers.Binary;

namespace Offline.Protocol.Wire;

/// <summary>
/// The sending half of a paced connection: stream frames wait here in order, and each
/// <see cref="NextCell"/> takes as many of their bytes as one cell holds. A cell with nothing to
/// carry is still a whole cell (payload length 0): the schedule, not the data, decides when cells go.
/// Thread-safe: answers and deliveries may be queued from several threads.
/// </summary>
public sealed class CellWriter
{
    private readonly Queue<byte[]> frames = new();
    private readonly Lock gate = new();
    private int offset;
    private long buffered;

    public CellWriter(int cellSize)
    {
        if (!CellWire.IsCellSize(cellSize))
        {
            throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "a cell is 1, 4, 16 or 64 KiB");
        }

        CellSize = cellSize;
    }

    public int CellSize { get; }

    /// <summary>Bytes queued and not yet put in a cell.</summary>
    public long BufferedBytes
    {
        get
        {
            lock (gate)
            {
                return buffered;
            }
        }
    }

    public bool IsEmpty => BufferedBytes == 0;

    /// <summary>Queues one stream frame (<see cref="CellWire.EncodeStreamFrame"/>) behind everything queued before.</summary>
    public void Enqueue(byte[] streamFrame)
    {
        ArgumentNullException.ThrowIfNull(streamFrame);
        lock (gate)
        {
            frames.Enqueue(streamFrame);
            buffered += streamFrame.Length;
        }
    }

    /// <summary>Queues a frame only if the writer is empty; true when it was queued. Used for cover, which must never wait behind itself.</summary>
    public bool EnqueueIfEmpty(byte[] streamFrame)
    {
        lock (gate)
        {
            if (buffered != 0)
            {
                return false;
            }

            frames.Enqueue(streamFrame);
            buffered += streamFrame.Length;
            return true;
        }
    }

    /// <summary>The next cell: exactly <see cref="CellSize"/> bytes, carrying the oldest queued bytes, zero-filled.</summary>
    public byte[] NextCell()
    {
        var cell = new byte[CellSize];
        var capacity = CellWire.Capacity(CellSize);
        var used = 0;
        lock (gate)
        {
            while (used < capacity && frames.TryPeek(out var frame))
            {
                var take = Math.Min(capacity - used, frame.Length - offset);
                frame.AsSpan(offset, take).CopyTo(cell.AsSpan(CellWire.HeaderSize + used));
                used += take;
                offset += take;
                buffered -= take;
                if (offset == frame.Length)
                {
                    frames.Dequeue();
                    offset = 0;
                }
            }
        }

        cell[0] = CellWire.Version;
        BinaryPrimitives.WriteUInt16BigEndian(cell.AsSpan(1), (ushort)used);
        return cell;
    }
}
