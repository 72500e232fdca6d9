namespace Offline.Protocol.Wire;

/// <summary>
/// Brings a plaintext to a bucket before encryption so its length says nothing.
/// Pad: content || 0x80 || 0x00…, to (bucket − reserve) bytes, where bucket is the smallest of
/// <see cref="Limits.Buckets"/> with content + 1 + reserve ≤ bucket, and reserve is what the layers
/// added after padding (ratchet header, tags, envelope, frame header) will take, so the final frame is
/// exactly one bucket. Unpad: drop trailing zeros, then exactly one 0x80 (ISO/IEC 7816-4).
/// </summary>
public static class Padding
{
    public const byte Marker = 0x80;

    /// <summary>The padded length for <paramref name="contentLength"/> bytes, or −1 if nothing fits.</summary>
    public static int PaddedLength(int contentLength, int reserve)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        ArgumentOutOfRangeException.ThrowIfNegative(reserve);
        foreach (var bucket in Limits.Buckets)
        {
            if ((long)contentLength + 1 + reserve <= bucket)
            {
                return bucket - reserve;
            }
        }

        return -1;
    }

    /// <summary>Throws <see cref="ProtocolException"/> (TooLarge) when the content cannot fit the largest bucket: the caller splits it.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> content, int reserve = 0)
    {
        var length = PaddedLength(content.Length, reserve);
        if (length < 0)
        {
            throw new ProtocolException(ProtocolError.TooLarge);
        }

        var padded = new byte[length];
        content.CopyTo(padded);
        padded[content.Length] = Marker;
        return padded;
    }

    public static bool TryUnpad(ReadOnlySpan<byte> padded, out ReadOnlySpan<byte> content)
    {
        var end = padded.LastIndexOfAnyExcept((byte)0);
        if (end < 0 || padded[end] != Marker)
        {
            content = default;
            return false;
        }

        content = padded[..end];
        return true;
    }
}
