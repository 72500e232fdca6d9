using System.Security.Cryptography;
using Offline.Protocol.Attachments;

namespace Offline.Protocol.Tests.Attachments;

/// <summary>Every way a relay or a network could damage the chunks of an item, and what the decryptor says.</summary>
public class AttachmentTamperTests
{
    private const int Three = 3;
    private static readonly int Length = (2 * AttachmentLimits.ChunkPlaintextSize) + 777;

    private static (AttachmentPointer Pointer, byte[]?[] Chunks) Encrypted(int length = -1)
    {
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(RandomNumberGenerator.GetBytes(length < 0 ? Length : length), MediaType.Jpeg, out var encrypted));
        return (encrypted!.Pointer, [.. encrypted.Chunks.Select(c => (byte[]?)c.Clone())]);
    }

    private static AttachmentError Decrypt(AttachmentPointer pointer, IReadOnlyList<byte[]?> chunks)
    {
        var error = AttachmentDecryptor.TryDecrypt(pointer, chunks, out var item);
        Assert.Equal(error == AttachmentError.None, item is not null);
        return error;
    }

    /// <summary>A pointer whose digest matches the given chunks, so the tag, padding and length checks are reached.</summary>
    private static AttachmentPointer WithDigestOf(AttachmentPointer pointer, IEnumerable<byte[]?> chunks, int? length = null) =>
        new(pointer.Key, SHA256.HashData([.. chunks.SelectMany(c => c!)]), length ?? pointer.Length, pointer.MediaType);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5_000)]
    [InlineData(2, AttachmentLimits.ChunkPlaintextSize)]
    [InlineData(2, AttachmentLimits.ChunkCiphertextSize - 1)]
    public void FlippedBit_InAnyChunkOrTag_IsDigestMismatch(int chunk, int offset)
    {
        var (pointer, chunks) = Encrypted();
        chunks[chunk]![offset] ^= 0x01;

        Assert.Equal(AttachmentError.DigestMismatch, Decrypt(pointer, chunks));
    }

    [Fact]
    public void FlippedBit_WithMatchingDigest_IsTampered()
    {
        var (pointer, chunks) = Encrypted();
        chunks[1]![123] ^= 0x80;

        Assert.Equal(AttachmentError.Tampered, Decrypt(WithDigestOf(pointer, chunks), chunks));
    }

    [Fact]
    public void SwappedChunks_AreDigestMismatch_AndTamperedEvenWithAMatchingDigest()
    {
        var (pointer, chunks) = Encrypted();
        (chunks[0], chunks[1]) = (chunks[1], chunks[0]);

        Assert.Equal(AttachmentError.DigestMismatch, Decrypt(pointer, chunks));
        Assert.Equal(AttachmentError.Tampered, Decrypt(WithDigestOf(pointer, chunks), chunks));
    }

    [Fact]
    public void ChunkFromAnotherItem_IsRejected()
    {
        var (pointer, chunks) = Encrypted();
        var (_, other) = Encrypted();
        chunks[1] = other[1];

        Assert.Equal(AttachmentError.DigestMismatch, Decrypt(pointer, chunks));
        Assert.Equal(AttachmentError.Tampered, Decrypt(WithDigestOf(pointer, chunks), chunks));
    }

    [Fact]
    public void DroppedOrNullChunk_IsMissingChunk()
    {
        var (pointer, chunks) = Encrypted();

        Assert.Equal(AttachmentError.MissingChunk, Decrypt(pointer, chunks[..^1]));
        Assert.Equal(AttachmentError.MissingChunk, Decrypt(pointer, []));
        chunks[1] = null;
        Assert.Equal(AttachmentError.MissingChunk, Decrypt(pointer, chunks));
    }

    [Fact]
    public void ItemCutShort_WithADigestOverTheRest_IsRejected()
    {
        // A sender (or anyone holding K) cannot pass off the first chunks as a shorter item: the AD binds the count.
        var (pointer, chunks) = Encrypted();
        var shorter = new AttachmentPointer(pointer.Key, SHA256.HashData([.. chunks[..2].SelectMany(c => c!)]), AttachmentLimits.ChunkPlaintextSize + 5, pointer.MediaType);

        Assert.Equal(2, shorter.ChunkCount);
        Assert.Equal(AttachmentError.Tampered, Decrypt(shorter, chunks[..2]));
    }

    [Fact]
    public void TruncatedOrLongerChunk_IsWrongChunkSize()
    {
        var (pointer, chunks) = Encrypted();
        var original = chunks[2]!;

        chunks[2] = original[..^1];
        Assert.Equal(AttachmentError.WrongChunkSize, Decrypt(pointer, chunks));
        chunks[2] = [.. original, 0];
        Assert.Equal(AttachmentError.WrongChunkSize, Decrypt(pointer, chunks));
        chunks[2] = [];
        Assert.Equal(AttachmentError.WrongChunkSize, Decrypt(pointer, chunks));
    }

    [Fact]
    public void ExtraChunk_IsMalformed()
    {
        var (pointer, chunks) = Encrypted();

        Assert.Equal(AttachmentError.Malformed, Decrypt(pointer, [.. chunks, chunks[0]]));
    }

    [Fact]
    public void WrongKey_IsTampered()
    {
        var (pointer, chunks) = Encrypted();
        var key = pointer.Key;
        key[0] ^= 1;

        Assert.Equal(AttachmentError.Tampered, Decrypt(new AttachmentPointer(key, pointer.Digest, pointer.Length, pointer.MediaType), chunks));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-777)]
    public void WrongLength_WithTheSameChunkCount_IsWrongLength(int delta)
    {
        var (pointer, chunks) = Encrypted();
        var lying = new AttachmentPointer(pointer.Key, pointer.Digest, pointer.Length + delta, pointer.MediaType);

        Assert.Equal(pointer.ChunkCount, lying.ChunkCount);
        Assert.Equal(AttachmentError.WrongLength, Decrypt(lying, chunks));
    }

    [Fact]
    public void WrongLength_ThatChangesTheChunkCount_IsRejected()
    {
        var (pointer, chunks) = Encrypted();

        Assert.Equal(AttachmentError.MissingChunk, Decrypt(new AttachmentPointer(pointer.Key, pointer.Digest, pointer.Length + AttachmentLimits.ChunkPlaintextSize, pointer.MediaType), chunks));
        Assert.Equal(AttachmentError.Malformed, Decrypt(new AttachmentPointer(pointer.Key, pointer.Digest, 10, pointer.MediaType), chunks));
    }

    public static TheoryData<string, int> BadPaddings => new()
    {
        { "no marker at all", -1 },
        { "marker followed by a non-zero byte", 1 },
        { "0x81 instead of 0x80", 2 },
        { "the marker in the chunk before the last", 3 },
    };

    /// <summary>Bad padding under a valid tag and digest: only someone holding K (a hostile sender) can make it.</summary>
    [Theory]
    [MemberData(nameof(BadPaddings))]
    public void BadPadding_UnderAValidTag_IsBadPadding(string what, int variant)
    {
        Assert.NotEmpty(what);
        var key = RandomNumberGenerator.GetBytes(32);
        var size = AttachmentLimits.ChunkPlaintextSize;
        var padded = RandomNumberGenerator.GetBytes(Three * size);
        var length = (2 * size) + 50;
        padded.AsSpan(length).Clear();
        switch (variant)
        {
            case 1:
                padded[length] = 0x80;
                padded[^1] = 0x01;
                break;
            case 2:
                padded[length] = 0x81;
                break;
            case 3:
                padded.AsSpan((2 * size) - 10).Clear();
                padded[(2 * size) - 10] = 0x80;
                break;
            default:
                break;
        }

        var chunks = AttachmentEncryptor.SealChunks(key, padded, Three);
        var pointer = new AttachmentPointer(key, SHA256.HashData([.. chunks.SelectMany(c => c)]), length, MediaType.Jpeg);

        Assert.Equal(AttachmentError.BadPadding, Decrypt(pointer, chunks));
    }

    [Fact]
    public void GoodPadding_SealedByHand_Decrypts()
    {
        // The control for BadPadding_UnderAValidTag_IsBadPadding: the same construction, correctly padded.
        var key = RandomNumberGenerator.GetBytes(32);
        var padded = RandomNumberGenerator.GetBytes(Three * AttachmentLimits.ChunkPlaintextSize);
        var length = (2 * AttachmentLimits.ChunkPlaintextSize) + 50;
        padded.AsSpan(length).Clear();
        padded[length] = 0x80;
        var chunks = AttachmentEncryptor.SealChunks(key, padded, Three);
        var pointer = new AttachmentPointer(key, SHA256.HashData([.. chunks.SelectMany(c => c)]), length, MediaType.Jpeg);

        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(pointer, chunks, out var item));
        Assert.Equal(padded[..length], item);
    }
}
