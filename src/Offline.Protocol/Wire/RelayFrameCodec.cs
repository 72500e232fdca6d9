using System.Buffers.Binary;

namespace Offline.Protocol.Wire;

/// <summary>
/// Encodes and decodes relay frames. Layout (all integers big-endian):
/// version 0x01 (1) || op (1) || request id (4) || body length (4) || body || zero fill,
/// the whole frame exactly the smallest bucket of <see cref="Limits.Buckets"/> that holds it.
/// Pure: no I/O, so the client and the relay share it.
/// </summary>
public static class RelayFrameCodec
{
    /// <summary>The frame size for a body of <paramref name="bodyLength"/> bytes, or -1 when none holds it.</summary>
    public static int FrameSizeFor(int bodyLength)
    {
        foreach (var bucket in Limits.Buckets)
        {
            if (bodyLength <= bucket - RelayWire.HeaderSize)
            {
                return bucket;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="size"/> is one of the four frame sizes.</summary>
    public static bool IsFrameSize(int size) => Array.IndexOf(Limits.Buckets, size) >= 0;

    /// <summary>Builds the padded frame. Throws when the body fits no bucket (our own code's mistake).</summary>
    public static byte[] Encode(RelayOp op, uint requestId, ReadOnlySpan<byte> body)
    {
        var size = FrameSizeFor(body.Length);
        if (size < 0)
        {
            throw new ArgumentException($"body of {body.Length} bytes exceeds {RelayWire.MaxBodySize}", nameof(body));
        }

        var frame = new byte[size];
        frame[0] = RelayWire.Version;
        frame[1] = (byte)op;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(2), requestId);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(6), (uint)body.Length);
        body.CopyTo(frame.AsSpan(RelayWire.HeaderSize));
        return frame;
    }

    /// <summary>
    /// Decodes a frame. Hostile input returns false with the reason; on success the body is a
    /// slice of <paramref name="frame"/> (copy it if the buffer is reused).
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> frame, out RelayFrame? decoded, out RelayFrameError error)
    {
        decoded = null;
        error = Check(frame.Span, out var op, out var bodyLength);
        if (error != RelayFrameError.None)
        {
            return false;
        }

        var requestId = BinaryPrimitives.ReadUInt32BigEndian(frame.Span[2..]);
        decoded = new RelayFrame(op, requestId, frame.Slice(RelayWire.HeaderSize, bodyLength));
        return true;
    }

    /// <summary>A one-line reason for a person reading a close status; carries no frame content.</summary>
    public static string Describe(RelayFrameError error, int frameLength) => error switch
    {
        RelayFrameError.WrongSize => $"frame must be exactly 1, 4, 16 or 64 KiB; got {frameLength} bytes",
        RelayFrameError.UnknownVersion => "unknown frame version (expected 0x01)",
        RelayFrameError.UnknownOp => "unknown frame op",
        RelayFrameError.BodyTooLong => "frame body length runs past the end of the frame",
        RelayFrameError.NotSmallestBucket => "frame must use the smallest size that holds its body",
        RelayFrameError.NonZeroFill => "frame padding must be all zero",
        _ => "malformed frame",
    };

    private static RelayFrameError Check(ReadOnlySpan<byte> frame, out RelayOp op, out int bodyLength)
    {
        op = default;
        bodyLength = 0;

        // 1. Size first: nothing else is read from a frame of the wrong size.
        if (!IsFrameSize(frame.Length))
        {
            return RelayFrameError.WrongSize;
        }

        // 2. Version and op.
        if (frame[0] != RelayWire.Version)
        {
            return RelayFrameError.UnknownVersion;
        }

        op = (RelayOp)frame[1];
        if (!Enum.IsDefined(op))
        {
            return RelayFrameError.UnknownOp;
        }

        // 3. The body must fit, in the smallest bucket that holds it, followed by zeros only.
        var declared = BinaryPrimitives.ReadUInt32BigEndian(frame[6..]);
        if (declared > (uint)(frame.Length - RelayWire.HeaderSize))
        {
            return RelayFrameError.BodyTooLong;
        }

        bodyLength = (int)declared;
        if (FrameSizeFor(bodyLength) != frame.Length)
        {
            return RelayFrameError.NotSmallestBucket;
        }

        return frame[(RelayWire.HeaderSize + bodyLength)..].ContainsAnyExcept((byte)0)
            ? RelayFrameError.NonZeroFill
            : RelayFrameError.None;
    }
}
