using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Offline.Protocol.Attachments;

/// <summary>
/// Checks and decrypts the chunks a pointer names (docs/PROTOCOL.md Part 3 §3), in this order: the
/// chunk count, every chunk present and of the right size, the digest over the ciphertexts (before
/// anything is decrypted), each chunk's tag, the padding, the exact length. Any failure returns its
/// <see cref="AttachmentError"/> and no bytes.
/// </summary>
public static class AttachmentDecryptor
{
    /// <param name="pointer">The parsed pointer from the content message.</param>
    /// <param name="chunks">The fetched chunks in index order; a null entry is a chunk the relay did not have.</param>
    /// <param name="item">The item, exactly <see cref="AttachmentPointer.Length"/> bytes, on success.</param>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public static AttachmentError TryDecrypt(AttachmentPointer pointer, IReadOnlyList<byte[]?> chunks, out byte[]? item)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        ArgumentNullException.ThrowIfNull(chunks);
        item = null;
        var error = CheckChunks(pointer, chunks);
        if (error != AttachmentError.None)
        {
            return error;
        }

        var key = pointer.Key;
        var padded = new byte[pointer.ChunkCount * AttachmentLimits.ChunkPlaintextSize];
        try
        {
            error = OpenChunks(key, chunks!, padded);
            if (error == AttachmentError.None)
            {
                error = Unpad(padded, pointer.Length);
            }

            if (error == AttachmentError.None)
            {
                item = padded.AsSpan(0, pointer.Length).ToArray();
            }

            return error;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Count, presence, size, then the digest in constant time, all before any decryption.</summary>
    private static AttachmentError CheckChunks(AttachmentPointer pointer, IReadOnlyList<byte[]?> chunks)
    {
        var count = pointer.ChunkCount;
        if (chunks.Count > count)
        {
            return AttachmentError.Malformed;
        }

        for (var i = 0; i < count; i++)
        {
            if (i >= chunks.Count || chunks[i] is null)
            {
                return AttachmentError.MissingChunk;
            }

            if (chunks[i]!.Length != AttachmentLimits.ChunkCiphertextSize)
            {
                return AttachmentError.WrongChunkSize;
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < count; i++)
        {
            hash.AppendData(chunks[i]!);
        }

        Span<byte> digest = stackalloc byte[AttachmentPointer.DigestSize];
        hash.GetHashAndReset(digest);
        return CryptographicOperations.FixedTimeEquals(digest, pointer.Digest) ? AttachmentError.None : AttachmentError.DigestMismatch;
    }

    private static AttachmentError OpenChunks(ReadOnlySpan<byte> key, IReadOnlyList<byte[]?> chunks, byte[] padded)
    {
        var count = chunks.Count;
        Span<byte> encryptionKey = stackalloc byte[AttachmentKeys.KeySize];
        Span<byte> addressKey = stackalloc byte[AttachmentKeys.KeySize];
        Span<byte> nonce = stackalloc byte[AttachmentKeys.NonceSize];
        Span<byte> associatedData = stackalloc byte[AttachmentKeys.AssociatedDataSize];
        try
        {
            AttachmentKeys.Derive(key, encryptionKey, addressKey);
            using var aes = new AesGcm(encryptionKey, AttachmentKeys.TagSize);
            for (var i = 0; i < count; i++)
            {
                AttachmentKeys.Nonce(i, nonce);
                AttachmentKeys.AssociatedData(i, count, associatedData);
                var chunk = chunks[i]!.AsSpan();
                var plaintext = padded.AsSpan(i * AttachmentLimits.ChunkPlaintextSize, AttachmentLimits.ChunkPlaintextSize);
                try
                {
                    aes.Decrypt(nonce, chunk[..AttachmentLimits.ChunkPlaintextSize], chunk[AttachmentLimits.ChunkPlaintextSize..], plaintext, associatedData);
                }
                catch (AuthenticationTagMismatchException)
                {
                    return AttachmentError.Tampered;
                }
            }

            return AttachmentError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(addressKey);
        }
    }

    /// <summary>Exactly one 0x80 then only zeros, inside the last chunk; the item before it must be the pointer's length.</summary>
    private static AttachmentError Unpad(ReadOnlySpan<byte> padded, int length)
    {
        var lastChunkStart = padded.Length - AttachmentLimits.ChunkPlaintextSize;
        var end = padded.Length - 1;
        while (end >= lastChunkStart && padded[end] == 0)
        {
            end--;
        }

        if (end < lastChunkStart || padded[end] != 0x80)
        {
            return AttachmentError.BadPadding;
        }

        return end == length ? AttachmentError.None : AttachmentError.WrongLength;
    }
}
