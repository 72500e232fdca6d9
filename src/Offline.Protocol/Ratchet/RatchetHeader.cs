using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

/// <summary>
/// The authenticated, unencrypted header of a ratchet message (75 bytes):
/// version 0x01 || type 0x02 || sender's ratchet key (65) || previous chain length (uint32) || index (uint32).
/// </summary>
internal sealed class RatchetHeader
{
    public const byte Version = 1;
    public const byte MessageType = 2;
    public const int Size = 2 + P256PublicKey.EncodedSize + 4 + 4;

    public RatchetHeader(P256PublicKey ratchetKey, uint previousChainLength, uint index)
    {
        RatchetKey = ratchetKey;
        PreviousChainLength = previousChainLength;
        Index = index;
    }

    public P256PublicKey RatchetKey { get; }

    public uint PreviousChainLength { get; }

    public uint Index { get; }

    public void WriteTo(ByteWriter writer) =>
        writer.U8(Version).U8(MessageType).Bytes(RatchetKey.Encoded).U32(PreviousChainLength).U32(Index);

    public static ProtocolError TryRead(ref ByteReader reader, out RatchetHeader? header)
    {
        header = null;
        var version = reader.U8();
        var type = reader.U8();
        var key = reader.Take(P256PublicKey.EncodedSize);
        var previous = reader.U32();
        var index = reader.U32();
        if (reader.Failed)
        {
            return ProtocolError.Malformed;
        }

        if (version != Version)
        {
            return ProtocolError.UnknownVersion;
        }

        if (type != MessageType)
        {
            return ProtocolError.Malformed;
        }

        if (!P256PublicKey.TryParse(key, out var ratchetKey))
        {
            return ProtocolError.InvalidPublicKey;
        }

        header = new RatchetHeader(ratchetKey!, previous, index);
        return ProtocolError.None;
    }
}
