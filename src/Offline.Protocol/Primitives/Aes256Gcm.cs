using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>
/// AES-256-GCM with a 96-bit nonce and a 128-bit tag, from the platform.
/// Layout of a sealed box: ciphertext || tag. Failed authentication returns false, never throws.
/// </summary>
public static class Aes256Gcm
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize)
        {
            throw new ArgumentException("AES-256-GCM needs a 32-byte key and a 12-byte nonce.");
        }

        if (output.Length != plaintext.Length + TagSize)
        {
            throw new ArgumentException("Output must be plaintext length + 16 bytes.", nameof(output));
        }

        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output[..plaintext.Length], output[plaintext.Length..], associatedData);
    }

    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize)
        {
            throw new ArgumentException("AES-256-GCM needs a 32-byte key and a 12-byte nonce.");
        }

        if (sealedBox.Length < TagSize || plaintext.Length != sealedBox.Length - TagSize)
        {
            return false;
        }

        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(nonce, sealedBox[..^TagSize], sealedBox[^TagSize..], plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }
}
