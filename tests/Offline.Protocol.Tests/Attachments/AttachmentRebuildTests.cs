using System.Security.Cryptography;
using Offline.Protocol.Attachments;

namespace Offline.Protocol.Tests.Attachments;

/// <summary>A sender that restarted mid-upload makes the same chunks again from its own copy, and nothing else under that key.</summary>
public class AttachmentRebuildTests
{
    [Fact]
    public void TryRebuild_TheSameItem_GivesTheSameChunksAndAddresses()
    {
        var item = RandomNumberGenerator.GetBytes((2 * AttachmentLimits.ChunkPlaintextSize) + 17);
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.OggOpus, out var first));

        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryRebuild(item, first!.Pointer, out var again));

        Assert.Equal(first.Pointer.Encode(), again!.Pointer.Encode());
        Assert.Equal(first.Chunks.Count, again.Chunks.Count);
        for (var i = 0; i < first.Chunks.Count; i++)
        {
            Assert.Equal(first.Chunks[i], again.Chunks[i]);
            Assert.Equal(first.Addresses[i], again.Addresses[i]);
        }
    }

    [Fact]
    public void TryRebuild_AnotherItemOfTheSameLength_IsDigestMismatch()
    {
        var item = RandomNumberGenerator.GetBytes(5_000);
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var first));
        var other = (byte[])item.Clone();
        other[4_999] ^= 1;

        Assert.Equal(AttachmentError.DigestMismatch, AttachmentEncryptor.TryRebuild(other, first!.Pointer, out var rebuilt));
        Assert.Null(rebuilt);
    }

    [Fact]
    public void TryRebuild_ItemOfAnotherLength_IsWrongLength()
    {
        var item = RandomNumberGenerator.GetBytes(5_000);
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var first));

        Assert.Equal(AttachmentError.WrongLength, AttachmentEncryptor.TryRebuild(item.AsSpan(0, 4_999), first!.Pointer, out var rebuilt));
        Assert.Null(rebuilt);
    }
}
