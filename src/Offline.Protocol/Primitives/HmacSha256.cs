using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>HMAC-SHA256, from the platform.</summary>
public static class HmacSha256
{
    public const int Size = 32;

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output) =>
        HMACSHA256.HashData(key, data, output);
}
