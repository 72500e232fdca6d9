using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Offline.Protocol.Attachments;

/// <summary>
/// The derivations of docs/PROTOCOL.md Part 3 §2–§3 from an attachment key K: the encryption and
/// address keys, chunk addresses, nonces and associated data. Shared by the encryptor, the decryptor
/// and <see cref="AttachmentPointer.ChunkAddress"/>.
/// </summary>
internal static class AttachmentKeys
{
    public const int KeySize = 32;
    public const int AddressSize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int AssociatedDataSize = 21 + 4 + 4;

    public static ReadOnlySpan<byte> Info => "Offline/Attachment/v1"u8;

    public static ReadOnlySpan<byte> ChunkLabel => "Offline/Chunk/v1"u8;

    /// <summary>Step 1: HKDF-SHA256(salt = 32 zero bytes, ikm = K, info, 64) → encryption key ‖ address key.</summary>
    public static void Derive(ReadOnlySpan<byte> key, Span<byte> encryptionKey, Span<byte> addressKey)
    {
        Span<byte> salt = stackalloc byte[32];
        salt.Clear();
        Span<byte> okm = stackalloc byte[2 * KeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, key, okm, salt, Info);
            okm[..KeySize].CopyTo(encryptionKey);
            okm[KeySize..].CopyTo(addressKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>Step 2: chunk i's address = HMAC-SHA256(address key, "Offline/Chunk/v1" ‖ uint32 i).</summary>
    public static byte[] Address(ReadOnlySpan<byte> addressKey, int index)
    {
        Span<byte> message = stackalloc byte[16 + 4];
        ChunkLabel.CopyTo(message);
        BinaryPrimitives.WriteUInt32BigEndian(message[16..], (uint)index);
        return HMACSHA256.HashData(addressKey, message);
    }

    /// <summary>The addresses of chunks first … first + count − 1 of an item, from K (the derived keys are zeroed).</summary>
    public static byte[][] Addresses(ReadOnlySpan<byte> key, int first, int count)
    {
        Span<byte> encryptionKey = stackalloc byte[KeySize];
        Span<byte> addressKey = stackalloc byte[KeySize];
        try
        {
            Derive(key, encryptionKey, addressKey);
            var addresses = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                addresses[i] = Address(addressKey, first + i);
            }

            return addresses;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(addressKey);
        }
    }

    /// <summary>Nonce = 4 zero bytes ‖ uint64 i: unique because one key encrypts one item.</summary>
    public static void Nonce(int index, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], (ulong)index);
    }

    /// <summary>AD = "Offline/Attachment/v1" ‖ uint32 i ‖ uint32 count: binds the position and the total.</summary>
    public static void AssociatedData(int index, int count, Span<byte> associatedData)
    {
        Info.CopyTo(associatedData);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData[21..], (uint)index);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData[25..], (uint)count);
    }
}
