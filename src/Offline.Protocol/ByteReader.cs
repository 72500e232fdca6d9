using System.Buffers.Binary;

namespace Offline.Protocol;

/// <summary>
/// Reads a wire structure front to back. Every read is bounds-checked; running past the end sets
/// <see cref="Failed"/> instead of throwing, so parsers of hostile bytes finish with one check.
/// </summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;

    public ByteReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        position = 0;
        Failed = false;
    }

    public bool Failed { get; private set; }

    public readonly int Remaining => data.Length - position;

    public readonly bool AtEnd => position == data.Length;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (Failed || count < 0 || count > Remaining)
        {
            Failed = true;
            return [];
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }

    public ReadOnlySpan<byte> TakeRest() => Take(Remaining);

    public byte U8()
    {
        var b = Take(1);
        return b.IsEmpty ? (byte)0 : b[0];
    }

    public ushort U16()
    {
        var b = Take(2);
        return b.IsEmpty ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(b);
    }

    public uint U32()
    {
        var b = Take(4);
        return b.IsEmpty ? 0 : BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    public ulong U64()
    {
        var b = Take(8);
        return b.IsEmpty ? 0 : BinaryPrimitives.ReadUInt64BigEndian(b);
    }

    /// <summary>A length-prefixed (uint32) field no longer than <paramref name="max"/>.</summary>
    public ReadOnlySpan<byte> Sized32(int max)
    {
        var length = U32();
        if (length > (uint)max)
        {
            Failed = true;
            return [];
        }

        return Take((int)length);
    }
}
