using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

/// <summary>The Double Ratchet's three key derivations (labels in docs/PROTOCOL.md §Ratchet).</summary>
internal static class RatchetKdf
{
    public const int KeySize = 32;

    private static readonly byte[] RootInfo = Encoding.ASCII.GetBytes("Offline/Ratchet/Root/v1");
    private static readonly byte[] MessageInfo = Encoding.ASCII.GetBytes("Offline/Ratchet/Message/v1");
    private static readonly byte[] ZeroSalt = new byte[32];
    private static readonly byte[] MessageKeyByte = [0x01];
    private static readonly byte[] ChainKeyByte = [0x02];

    /// <summary>KDF_RK: HKDF(salt = root key, ikm = DH output, info = "Offline/Ratchet/Root/v1", 64) → (root key, chain key).</summary>
    public static (byte[] RootKey, byte[] ChainKey) Root(ReadOnlySpan<byte> rootKey, P256KeyPair ours, P256PublicKey theirs)
    {
        Span<byte> shared = stackalloc byte[P256KeyPair.SharedSecretSize];
        Span<byte> output = stackalloc byte[2 * KeySize];
        try
        {
            ours.Agree(theirs, shared);
            HkdfSha256.DeriveKey(shared, rootKey, RootInfo, output);
            return (output[..KeySize].ToArray(), output[KeySize..].ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(output);
        }
    }

    /// <summary>KDF_CK: message key = HMAC(ck, 0x01), next chain key = HMAC(ck, 0x02).</summary>
    public static (byte[] NextChainKey, byte[] MessageKey) Chain(ReadOnlySpan<byte> chainKey)
    {
        var messageKey = new byte[KeySize];
        var next = new byte[KeySize];
        HmacSha256.Compute(chainKey, MessageKeyByte, messageKey);
        HmacSha256.Compute(chainKey, ChainKeyByte, next);
        return (next, messageKey);
    }

    /// <summary>Expands a message key to an AES-256 key and a 96-bit nonce: HKDF(salt = 0^32, ikm = mk, info = "Offline/Ratchet/Message/v1", 44).</summary>
    public static void MessageKeys(ReadOnlySpan<byte> messageKey, Span<byte> keyAndNonce) =>
        HkdfSha256.DeriveKey(messageKey, ZeroSalt, MessageInfo, keyAndNonce[..(Aes256Gcm.KeySize + Aes256Gcm.NonceSize)]);
}
