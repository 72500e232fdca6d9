using System.Diagnostics.CodeAnalysis;

namespace Offline.Protocol.Attachments;

/// <summary>
/// What a content message carries about an attachment (field 8, AttachmentRef; docs/PROTOCOL.md Part 3 §4):
/// version 0x01 (1) ‖ K (32) ‖ digest (32) ‖ length (uint32) ‖ media type (1), 70 bytes.
/// K is the capability: whoever holds the pointer can compute the addresses and decrypt the item.
/// </summary>
public sealed class AttachmentPointer
{
    public const byte Version = 1;
    public const int KeySize = AttachmentKeys.KeySize;
    public const int DigestSize = 32;
    public const int EncodedSize = 1 + KeySize + DigestSize + 4 + 1;

    private readonly byte[] key;
    private readonly byte[] digest;

    /// <summary>A pointer from our own values; misuse (wrong sizes, a length the protocol cannot carry) throws.</summary>
    public AttachmentPointer(ReadOnlySpan<byte> key, ReadOnlySpan<byte> digest, int length, MediaType mediaType)
    {
        if (key.Length != KeySize || digest.Length != DigestSize)
        {
            throw new ArgumentException($"An attachment key and digest are {KeySize} bytes each.");
        }

        if (length is < 1 or > AttachmentLimits.MaxItemSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"An attachment is 1 to {AttachmentLimits.MaxItemSize} bytes.");
        }

        this.key = key.ToArray();
        this.digest = digest.ToArray();
        Length = length;
        MediaType = mediaType;
    }

    /// <summary>The attachment key K (a copy: the pointer keeps its own).</summary>
    public byte[] Key => (byte[])key.Clone();

    /// <summary>SHA-256 of the chunk ciphertexts in order.</summary>
    public byte[] Digest => (byte[])digest.Clone();

    /// <summary>Bytes of the item before padding.</summary>
    public int Length { get; }

    /// <summary>The media type; an unknown value is kept as it came.</summary>
    public MediaType MediaType { get; }

    /// <summary>Chunks the item takes (§3.1), between 1 and <see cref="AttachmentLimits.MaxChunks"/>.</summary>
    public int ChunkCount => AttachmentLimits.ChunkCountFor(Length);

    public byte[] Encode() =>
        new ByteWriter(EncodedSize).U8(Version).Bytes(key).Bytes(digest).U32((uint)Length).U8((byte)MediaType).ToArray();

    /// <summary>
    /// Parses hostile bytes: anything but exactly 70 bytes of version 1 with a length from 1 to
    /// <see cref="AttachmentLimits.MaxItemSize"/> is <see cref="AttachmentError.Malformed"/>.
    /// </summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public static AttachmentError TryParse(ReadOnlySpan<byte> data, out AttachmentPointer? pointer)
    {
        pointer = null;
        if (data.Length != EncodedSize)
        {
            return AttachmentError.Malformed;
        }

        var reader = new ByteReader(data);
        var version = reader.U8();
        var k = reader.Take(KeySize);
        var d = reader.Take(DigestSize);
        var length = reader.U32();
        var type = (MediaType)reader.U8();
        if (reader.Failed || version != Version || length is 0 or > AttachmentLimits.MaxItemSize)
        {
            return AttachmentError.Malformed;
        }

        pointer = new AttachmentPointer(k, d, (int)length, type);
        return AttachmentError.None;
    }

    /// <summary>
    /// Chunk <paramref name="index"/>'s relay address (§2): HMAC-SHA256(address key, "Offline/Chunk/v1" ‖ uint32 index), 32 bytes.
    /// </summary>
    public byte[] ChunkAddress(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ChunkCount);
        return AttachmentKeys.Addresses(key, index, 1)[0];
    }

    /// <summary>Never shows the key or the digest.</summary>
    public override string ToString() => $"AttachmentPointer({MediaType}, {Length} bytes, {ChunkCount} chunks)";
}
