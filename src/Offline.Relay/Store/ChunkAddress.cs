using System.Buffers.Binary;
using Offline.Protocol.Wire;

namespace Offline.Relay.Store;

/// <summary>
/// A 32-byte chunk address as a value key. <see cref="ToString"/> never shows the bytes, so an
/// address (the capability to fetch and release the chunk) cannot reach a log line by accident.
/// </summary>
internal readonly record struct ChunkAddress(ulong A, ulong B, ulong C, ulong D)
{
    public static ChunkAddress From(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(bytes.Length, RelayWire.AddressSize, nameof(bytes));
        return new ChunkAddress(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[RelayWire.AddressSize];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), D);
        return bytes;
    }

    public override string ToString() => "[chunk address]";
}
