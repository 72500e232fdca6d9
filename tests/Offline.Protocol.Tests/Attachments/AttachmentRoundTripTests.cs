using System.Security.Cryptography;
using Offline.Protocol.Attachments;

namespace Offline.Protocol.Tests.Attachments;

public class AttachmentRoundTripTests
{
    public static TheoryData<int> Lengths => new(
        1,
        100,
        AttachmentLimits.ChunkPlaintextSize - 1,
        AttachmentLimits.ChunkPlaintextSize,
        AttachmentLimits.ChunkPlaintextSize + 1,
        (3 * AttachmentLimits.ChunkPlaintextSize) - 1);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EncryptThenDecrypt_AtChunkBoundaries_GivesTheItemBack(int length)
    {
        var item = RandomNumberGenerator.GetBytes(length);

        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var encrypted));

        var count = AttachmentLimits.ChunkCountFor(length);
        Assert.Equal(count, encrypted!.Chunks.Count);
        Assert.Equal(count, encrypted.Addresses.Count);
        Assert.Equal(count, encrypted.Pointer.ChunkCount);
        Assert.All(encrypted.Chunks, c => Assert.Equal(AttachmentLimits.ChunkCiphertextSize, c.Length));
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, [.. encrypted.Chunks], out var decrypted));
        Assert.Equal(item, decrypted);
    }

    [Fact]
    public void ChunkCountFor_Boundaries_FollowTheOnePaddingByte()
    {
        Assert.Equal(1, AttachmentLimits.ChunkCountFor(0));
        Assert.Equal(1, AttachmentLimits.ChunkCountFor(16_319));
        Assert.Equal(2, AttachmentLimits.ChunkCountFor(16_320));
        Assert.Equal(2, AttachmentLimits.ChunkCountFor(16_321));
        Assert.Equal(AttachmentLimits.MaxChunks, AttachmentLimits.ChunkCountFor(AttachmentLimits.MaxItemSize));
        Assert.Equal(AttachmentLimits.MaxChunks + 1, AttachmentLimits.ChunkCountFor(AttachmentLimits.MaxItemSize + 1));
        Assert.Equal(16_711_679, AttachmentLimits.MaxItemSize);
        Assert.Equal(16_336, AttachmentLimits.ChunkCiphertextSize);
    }

    [Fact]
    public void MaxItemSize_RoundTripsInMaxChunks()
    {
        var item = new byte[AttachmentLimits.MaxItemSize];
        RandomNumberGenerator.Fill(item.AsSpan(0, 4096));
        RandomNumberGenerator.Fill(item.AsSpan(item.Length - 4096));

        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.WebP, out var encrypted));

        Assert.Equal(AttachmentLimits.MaxChunks, encrypted!.Chunks.Count);
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(encrypted.Pointer, [.. encrypted.Chunks], out var decrypted));
        Assert.True(item.AsSpan().SequenceEqual(decrypted));
    }

    [Fact]
    public void Encrypt_OneByteOverMaxItemSize_IsTooLarge()
    {
        Assert.Equal(AttachmentError.TooLarge, AttachmentEncryptor.TryEncrypt(new byte[AttachmentLimits.MaxItemSize + 1], MediaType.Png, out var encrypted));
        Assert.Null(encrypted);
    }

    [Fact]
    public void Encrypt_EmptyItem_IsMalformedBecauseNoPointerCarriesLengthZero()
    {
        Assert.Equal(AttachmentError.Malformed, AttachmentEncryptor.TryEncrypt([], MediaType.Jpeg, out var encrypted));
        Assert.Null(encrypted);
    }

    [Fact]
    public void Encrypt_SameFileTwice_UsesUnrelatedKeysAddressesAndChunks()
    {
        var item = RandomNumberGenerator.GetBytes(40_000);

        AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var first);
        AttachmentEncryptor.TryEncrypt(item, MediaType.Jpeg, out var second);

        Assert.NotEqual(first!.Pointer.Key, second!.Pointer.Key);
        Assert.NotEqual(first.Pointer.Digest, second.Pointer.Digest);
        var addresses = first.Addresses.Concat(second.Addresses).Select(Convert.ToHexString).ToHashSet();
        Assert.Equal(first.Addresses.Count + second.Addresses.Count, addresses.Count);
        Assert.All(first.Chunks.Zip(second.Chunks), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Addresses_DifferPerIndex_AndMatchThePointersChunkAddress()
    {
        AttachmentEncryptor.TryEncrypt(new byte[5 * AttachmentLimits.ChunkPlaintextSize], MediaType.OggOpus, out var encrypted);

        var pointer = encrypted!.Pointer;
        Assert.Equal(6, pointer.ChunkCount);
        Assert.Equal(6, encrypted.Addresses.Select(Convert.ToHexString).Distinct().Count());
        for (var i = 0; i < pointer.ChunkCount; i++)
        {
            Assert.Equal(32, encrypted.Addresses[i].Length);
            Assert.Equal(encrypted.Addresses[i], pointer.ChunkAddress(i));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => pointer.ChunkAddress(pointer.ChunkCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => pointer.ChunkAddress(-1));
    }

    [Fact]
    public void Pointer_Key_IsACopyTheCallerMayWipe()
    {
        AttachmentEncryptor.TryEncrypt([1, 2, 3], MediaType.Jpeg, out var encrypted);
        var pointer = encrypted!.Pointer;
        var key = pointer.Key;

        CryptographicOperations.ZeroMemory(key);

        Assert.NotEqual(key, pointer.Key);
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(pointer, [.. encrypted.Chunks], out _));
        Assert.DoesNotContain(Convert.ToHexString(pointer.Key), pointer.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
