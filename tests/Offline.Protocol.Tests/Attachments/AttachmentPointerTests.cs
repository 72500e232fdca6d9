using System.Buffers.Binary;
using Offline.Protocol.Attachments;

namespace Offline.Protocol.Tests.Attachments;

public class AttachmentPointerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] Digest = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private static byte[] Encoded(uint length = 1234, byte version = 1, byte type = (byte)MediaType.Jpeg)
    {
        var bytes = new AttachmentPointer(Key, Digest, 1, MediaType.Jpeg).Encode();
        bytes[0] = version;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(65), length);
        bytes[69] = type;
        return bytes;
    }

    [Fact]
    public void Encode_IsTheDocumentedLayout_AndParsesBack()
    {
        var pointer = new AttachmentPointer(Key, Digest, 40_000, MediaType.WebmOpus);
        var bytes = pointer.Encode();

        Assert.Equal(70, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(Key, bytes[1..33]);
        Assert.Equal(Digest, bytes[33..65]);
        Assert.Equal(40_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(65)));
        Assert.Equal(17, bytes[69]);
        Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(bytes, out var parsed));
        Assert.Equal(Key, parsed!.Key);
        Assert.Equal(Digest, parsed.Digest);
        Assert.Equal(40_000, parsed.Length);
        Assert.Equal(MediaType.WebmOpus, parsed.MediaType);
        Assert.Equal(3, parsed.ChunkCount);
    }

    [Fact]
    public void Parse_UnknownMediaType_IsKept()
    {
        Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(Encoded(type: 200), out var parsed));
        Assert.Equal((MediaType)200, parsed!.MediaType);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData((uint)AttachmentLimits.MaxItemSize + 1)]
    [InlineData(uint.MaxValue)]
    [InlineData(0x8000_0000u)]
    public void Parse_LengthZeroOrOverTheMaximum_IsMalformed(uint length)
    {
        Assert.Equal(AttachmentError.Malformed, AttachmentPointer.TryParse(Encoded(length), out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Parse_MaximumLength_IsAccepted()
    {
        Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(Encoded((uint)AttachmentLimits.MaxItemSize), out var parsed));
        Assert.Equal(AttachmentLimits.MaxChunks, parsed!.ChunkCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void Parse_OtherVersion_IsMalformed(byte version) =>
        Assert.Equal(AttachmentError.Malformed, AttachmentPointer.TryParse(Encoded(version: version), out _));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(69)]
    [InlineData(71)]
    [InlineData(1000)]
    public void Parse_WrongSize_IsMalformed(int size)
    {
        var bytes = new byte[size];
        Encoded().AsSpan(0, Math.Min(size, 70)).CopyTo(bytes);

        Assert.Equal(AttachmentError.Malformed, AttachmentPointer.TryParse(bytes, out _));
    }

    [Fact]
    public void Constructor_Misuse_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AttachmentPointer(Key.AsSpan(0, 31), Digest, 1, MediaType.Jpeg));
        Assert.Throws<ArgumentException>(() => new AttachmentPointer(Key, Digest.AsSpan(0, 31), 1, MediaType.Jpeg));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttachmentPointer(Key, Digest, 0, MediaType.Jpeg));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttachmentPointer(Key, Digest, AttachmentLimits.MaxItemSize + 1, MediaType.Jpeg));
    }
}
