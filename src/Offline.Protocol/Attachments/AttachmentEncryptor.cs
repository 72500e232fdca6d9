using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Offline.Protocol.Attachments;

/// <summary>Encrypts one item under a fresh key (docs/PROTOCOL.md Part 3 §2–§3).</summary>
public static class AttachmentEncryptor
{
    /// <summary>
    /// Draws a fresh 32-byte K from the operating system's CSPRNG (never reused, also not for the same
    /// file sent twice) and encrypts <paramref name="item"/>. An empty item is
    /// <see cref="AttachmentError.Malformed"/> (a pointer cannot carry length 0); one over
    /// <see cref="AttachmentLimits.MaxItemSize"/> is <see cref="AttachmentError.TooLarge"/>.
    /// </summary>
    public static AttachmentError TryEncrypt(ReadOnlySpan<byte> item, MediaType type, out EncryptedAttachment? attachment)
    {
        Span<byte> key = stackalloc byte[AttachmentKeys.KeySize];
        try
        {
            RandomNumberGenerator.Fill(key);
            return TryEncrypt(item, type, key, out attachment);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The chunks of an item already encrypted under <paramref name="pointer"/>, made again from the item
    /// (encryption is deterministic given K: the nonce is the chunk index), so a sender that restarted
    /// mid-upload puts exactly the chunks it put before and resumes where it stopped. The result is
    /// checked against the pointer: an item that is not the one the pointer describes gives
    /// <see cref="AttachmentError.WrongLength"/> or <see cref="AttachmentError.DigestMismatch"/>, never
    /// other chunks under the same key.
    /// </summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public static AttachmentError TryRebuild(ReadOnlySpan<byte> item, AttachmentPointer pointer, out EncryptedAttachment? attachment)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        attachment = null;
        if (item.Length != pointer.Length)
        {
            return AttachmentError.WrongLength;
        }

        var key = pointer.Key;
        var digest = pointer.Digest;
        try
        {
            var error = TryEncrypt(item, pointer.MediaType, key, out var rebuilt);
            if (error != AttachmentError.None)
            {
                return error;
            }

            if (!CryptographicOperations.FixedTimeEquals(rebuilt!.Pointer.Digest, digest))
            {
                return AttachmentError.DigestMismatch;
            }

            attachment = rebuilt;
            return AttachmentError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts under a given K: for the known-answer vectors only; production always draws K.</summary>
    internal static AttachmentError TryEncrypt(ReadOnlySpan<byte> item, MediaType type, ReadOnlySpan<byte> key, out EncryptedAttachment? attachment)
    {
        attachment = null;
        if (key.Length != AttachmentKeys.KeySize)
        {
            throw new ArgumentException($"An attachment key is {AttachmentKeys.KeySize} bytes.", nameof(key));
        }

        if (item.IsEmpty)
        {
            return AttachmentError.Malformed;
        }

        if (item.Length > AttachmentLimits.MaxItemSize)
        {
            return AttachmentError.TooLarge;
        }

        // 1. Padded item = item ‖ 0x80 ‖ 0x00… up to count × ChunkPlaintextSize, cut into equal chunks.
        var count = AttachmentLimits.ChunkCountFor(item.Length);
        var padded = new byte[count * AttachmentLimits.ChunkPlaintextSize];
        try
        {
            item.CopyTo(padded);
            padded[item.Length] = 0x80;
            var chunks = SealChunks(key, padded, count);

            // 4. Digest = SHA-256 of the ciphertexts in order.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var chunk in chunks)
            {
                hash.AppendData(chunk);
            }

            var pointer = new AttachmentPointer(key, hash.GetHashAndReset(), item.Length, type);
            attachment = new EncryptedAttachment(pointer, chunks, AttachmentKeys.Addresses(key, 0, count));
            return AttachmentError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>
    /// Steps 2–3: chunk i = AES-256-GCM(encryption key, 0⁴ ‖ uint64 i, padded[i], AD(i, count)). Internal
    /// so tests can seal plaintext that is not correctly padded and prove the decryptor refuses it.
    /// </summary>
    internal static byte[][] SealChunks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> padded, int count)
    {
        if (padded.Length != count * AttachmentLimits.ChunkPlaintextSize)
        {
            throw new ArgumentException("The padded item must be count whole chunks.", nameof(padded));
        }

        Span<byte> encryptionKey = stackalloc byte[AttachmentKeys.KeySize];
        Span<byte> addressKey = stackalloc byte[AttachmentKeys.KeySize];
        Span<byte> nonce = stackalloc byte[AttachmentKeys.NonceSize];
        Span<byte> associatedData = stackalloc byte[AttachmentKeys.AssociatedDataSize];
        try
        {
            AttachmentKeys.Derive(key, encryptionKey, addressKey);
            using var aes = new AesGcm(encryptionKey, AttachmentKeys.TagSize);
            var chunks = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                AttachmentKeys.Nonce(i, nonce);
                AttachmentKeys.AssociatedData(i, count, associatedData);
                var chunk = new byte[AttachmentLimits.ChunkCiphertextSize];
                var plaintext = padded.Slice(i * AttachmentLimits.ChunkPlaintextSize, AttachmentLimits.ChunkPlaintextSize);
                aes.Encrypt(nonce, plaintext, chunk.AsSpan(0, AttachmentLimits.ChunkPlaintextSize), chunk.AsSpan(AttachmentLimits.ChunkPlaintextSize), associatedData);
                chunks[i] = chunk;
            }

            return chunks;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(addressKey);
        }
    }
}
