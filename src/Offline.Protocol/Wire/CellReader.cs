using System.Buffers.Binary;

namespace Offline.Protocol.Wire;

/// <summary>
/// The receiving half of a paced connection: checks each cell, appends its payload to the stream,
/// and returns every stream frame that is now complete, in order. The first cell fixes the cell
/// size (or the caller does); any violation is returned as a <see cref="CellError"/>, after which
/// the reader must not be used again. Holds at most one partial frame (≤ 64 KiB). Not thread-safe.
/// </summary>
public sealed class CellReader
{
    private byte[] partial = new byte[CellWire.StreamFrameHeaderSize];
    private int have;
    private int need = CellWire.StreamFrameHeaderSize;
    private bool inBody;

    /// <param name="cellSize">The connection's cell size, or 0 to take it from the first cell.</param>
    public CellReader(int cellSize = 0)
    {
        if (cellSize != 0 && !CellWire.IsCellSize(cellSize))
        {
            throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "a cell is 1, 4, 16 or 64 KiB");
        }

        CellSize = cellSize;
    }

    /// <summary>The connection's cell size; 0 until the first cell when not given.</summary>
    public int CellSize { get; private set; }

    /// <summary>True when a frame has started and not yet ended.</summary>
    public bool InsideFrame => have > 0 || inBody;

    /// <summary>Takes one cell; complete frames are appended to <paramref name="frames"/> (their bodies are copies).</summary>
    public CellError Accept(ReadOnlySpan<byte> cell, List<RelayFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var error = CheckCell(cell, out var payload);
        if (error != CellError.None)
        {
            return error;
        }

        while (!payload.IsEmpty)
        {
            var take = Math.Min(need - have, payload.Length);
            payload[..take].CopyTo(partial.AsSpan(have));
            have += take;
            payload = payload[take..];
            if (have < need)
            {
                break;
            }

            error = inBody ? Complete(frames) : StartBody(frames);
            if (error != CellError.None)
            {
                return error;
            }
        }

        return CellError.None;
    }

    private CellError CheckCell(ReadOnlySpan<byte> cell, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (CellSize == 0 ? !CellWire.IsCellSize(cell.Length) : cell.Length != CellSize)
        {
            return CellError.WrongSize;
        }

        if (cell[0] != CellWire.Version)
        {
            return CellError.UnknownVersion;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(cell[1..]);
        if (length > CellWire.Capacity(cell.Length))
        {
            return CellError.PayloadTooLong;
        }

        if (cell[(CellWire.HeaderSize + length)..].ContainsAnyExcept((byte)0))
        {
            return CellError.NonZeroFill;
        }

        CellSize = cell.Length;
        payload = cell.Slice(CellWire.HeaderSize, length);
        return CellError.None;
    }

    /// <summary>The 7-byte header is in: check it and size the body.</summary>
    private CellError StartBody(List<RelayFrame> frames)
    {
        if (!Enum.IsDefined((RelayOp)partial[0]))
        {
            return CellError.UnknownOp;
        }

        var bodyLength = BinaryPrimitives.ReadUInt16BigEndian(partial.AsSpan(5));
        if (bodyLength > RelayWire.MaxBodySize)
        {
            return CellError.FrameTooLong;
        }

        var header = partial;
        partial = new byte[CellWire.StreamFrameHeaderSize + bodyLength];
        header.CopyTo(partial, 0);
        need = partial.Length;
        inBody = true;
        return have == need ? Complete(frames) : CellError.None;
    }

    private CellError Complete(List<RelayFrame> frames)
    {
        var op = (RelayOp)partial[0];
        var requestId = BinaryPrimitives.ReadUInt32BigEndian(partial.AsSpan(1));
        frames.Add(new RelayFrame(op, requestId, partial.AsMemory(CellWire.StreamFrameHeaderSize)));
        partial = new byte[CellWire.StreamFrameHeaderSize];
        have = 0;
        need = CellWire.StreamFrameHeaderSize;
        inBody = false;
        return CellError.None;
    }
}
