using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Handshake;

/// <summary>
/// The PQXDH-style key derivation: HKDF(salt = 0^32, ikm = 0xFF^32 || DH1 || DH2 || DH3 [|| DH4] || ML-KEM secret,
/// info = "Offline/PQXDH/v1", 64) → root key (32) || conversation secret (32).
/// The 0xFF prefix keeps the input from ever equalling a bare P-256 secret (as in X3DH).
/// </summary>
internal static class HandshakeKdf
{
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("Offline/PQXDH/v1");
    private static readonly byte[] ZeroSalt = new byte[32];

    public static (byte[] RootKey, byte[] ConversationSecret) Derive(ReadOnlySpan<byte> dhOutputs, ReadOnlySpan<byte> kemSecret)
    {
        var ikm = new byte[32 + dhOutputs.Length + kemSecret.Length];
        Span<byte> output = stackalloc byte[64];
        try
        {
            ikm.AsSpan(0, 32).Fill(0xFF);
            dhOutputs.CopyTo(ikm.AsSpan(32));
            kemSecret.CopyTo(ikm.AsSpan(32 + dhOutputs.Length));
            HkdfSha256.DeriveKey(ikm, ZeroSalt, Info, output);
            return (output[..32].ToArray(), output[32..].ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
            CryptographicOperations.ZeroMemory(output);
        }
    }

    /// <summary>What the responder remembers to refuse a replayed first message: SHA-256(base key || ML-KEM ciphertext).</summary>
    public static byte[] ReplayDigest(PrekeyHeader header) =>
        SHA256.HashData([.. header.BaseKey.Encoded, .. header.KemCiphertext]);
}
