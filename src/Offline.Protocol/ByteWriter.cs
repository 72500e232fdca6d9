using System.Buffers.Binary;

namespace Offline.Protocol;

/// <summary>Appends big-endian fields to a growable buffer; the counterpart of <see cref="ByteReader"/>.</summary>
internal sealed class ByteWriter
{
    private byte[] buffer;
    private int length;

    public ByteWriter(int capacity = 256)
    {
        buffer = new byte[capacity];
    }

    public int Length => length;

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    public Span<byte> Reserve(int count)
    {
        if (length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
        }

        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }

    public ByteWriter Bytes(ReadOnlySpan<byte> data)
    {
        data.CopyTo(Reserve(data.Length));
        return this;
    }

    public ByteWriter U8(byte value)
    {
        Reserve(1)[0] = value;
        return this;
    }

    public ByteWriter U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);
        return this;
    }

    public ByteWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);
        return this;
    }

    public ByteWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);
        return this;
    }

    public ByteWriter Sized32(ReadOnlySpan<byte> data) => U32((uint)data.Length).Bytes(data);

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    /// <summary>Zeroes the whole buffer; call when it held secrets.</summary>
    public void Clear()
    {
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        length = 0;
    }
}
