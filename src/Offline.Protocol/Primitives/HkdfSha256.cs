using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>HKDF (RFC 5869) with SHA-256, from the platform.</summary>
public static class HkdfSha256
{
    public static void DeriveKey(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, info);
}
