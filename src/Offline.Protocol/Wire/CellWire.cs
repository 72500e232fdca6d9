using System.Buffers.Binary;

namespace Offline.Protocol.Wire;

/// <summary>
/// Paced connections (docs/PROTOCOL.md, Part 2, "Paced connections"): every WebSocket message is a
/// <em>cell</em> of one fixed size, <c>0x02 (1) || payload length (2) || payload || zero fill</c>, and the
/// payloads of successive cells carry one continuous stream of <em>stream frames</em>: a relay frame's
/// op, request id and body with a 2-byte length (<c>op (1) || request id (4) || body length (2) || body</c>,
/// no version and no fill: the cell is versioned). A frame may span
/// cells and a cell may hold several frames, so neither a frame's size nor its presence shows on the
/// wire: only the cell size and the times of cells do, and the client's schedule fixes those.
/// </summary>
public static class CellWire
{
    /// <summary>The first byte of every cell; a relay frame starts with 0x01, so the first message tells the two apart.</summary>
    public const byte Version = 0x02;

    /// <summary>version (1) || payload length (2).</summary>
    public const int HeaderSize = 3;

    /// <summary>op (1) || request id (4) || body length (2): so a 1 KiB-bucket message (974-byte ciphertext) in a Send or Delivery fills one 1 KiB cell exactly.</summary>
    public const int StreamFrameHeaderSize = 7;

    /// <summary>The payload bytes one cell of <paramref name="cellSize"/> can carry.</summary>
    public static int Capacity(int cellSize) => cellSize - HeaderSize;

    /// <summary>True when <paramref name="size"/> may be a connection's cell size (one of the four buckets).</summary>
    public static bool IsCellSize(int size) => RelayFrameCodec.IsFrameSize(size);

    /// <summary>A relay frame as it travels inside cells: op, request id, 2-byte body length, body.</summary>
    public static byte[] EncodeStreamFrame(RelayOp op, uint requestId, ReadOnlySpan<byte> body)
    {
        if (body.Length > RelayWire.MaxBodySize)
        {
            throw new ArgumentException($"body of {body.Length} bytes exceeds {RelayWire.MaxBodySize}", nameof(body));
        }

        var frame = new byte[StreamFrameHeaderSize + body.Length];
        frame[0] = (byte)op;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), requestId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(5), (ushort)body.Length);
        body.CopyTo(frame.AsSpan(StreamFrameHeaderSize));
        return frame;
    }

    /// <summary>A one-line reason for a close status; carries no cell content.</summary>
    public static string Describe(CellError error, int cellLength, int expectedSize) => error switch
    {
        CellError.WrongSize when expectedSize > 0 => $"every cell on a paced connection must be {expectedSize} bytes; got {cellLength}",
        CellError.WrongSize => $"cell must be exactly 1, 4, 16 or 64 KiB; got {cellLength} bytes",
        CellError.UnknownVersion => "unknown cell version (expected 0x02)",
        CellError.PayloadTooLong => "cell payload length runs past the end of the cell",
        CellError.NonZeroFill => "cell padding must be all zero",
        CellError.UnknownOp => "unknown frame op inside a cell",
        CellError.FrameTooLong => $"frame inside a cell declares a body over {RelayWire.MaxBodySize} bytes",
        _ => "malformed cell",
    };
}

/// <summary>Why bytes are not a valid cell, or the stream inside cells is not valid. Each one closes the connection.</summary>
public enum CellError
{
    None = 0,

    /// <summary>Not one of the four sizes, or not the connection's cell size.</summary>
    WrongSize,

    /// <summary>The first byte is not <see cref="CellWire.Version"/>.</summary>
    UnknownVersion,

    /// <summary>The declared payload length runs past the end of the cell.</summary>
    PayloadTooLong,

    /// <summary>The bytes after the payload are not all zero.</summary>
    NonZeroFill,

    /// <summary>A stream frame's op names no <see cref="RelayOp"/>.</summary>
    UnknownOp,

    /// <summary>A stream frame declares a body longer than <see cref="RelayWire.MaxBodySize"/>.</summary>
    FrameTooLong,
}
