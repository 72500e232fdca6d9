using System.Security.Cryptography;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

/// <summary>P-256 keys made by the platform (.NET over OpenSSL's EVP layer), to cross-check ours against.</summary>
internal static class P256TestKeys
{
    internal static ECParameters NewPlatformKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportParameters(includePrivateParameters: true);
    }

    internal static byte[] Encode(ECPoint point) => [0x04, .. point.X!, .. point.Y!];

    internal static P256PublicKey Parse(ReadOnlySpan<byte> encoded)
    {
        Assert.True(P256PublicKey.TryParse(encoded, out var key));
        return key!;
    }

    /// <summary>n + offset, big-endian, for scalars at and around the top of the range.</summary>
    internal static byte[] NearOrder(int offset)
    {
        var n = Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        var value = new System.Numerics.BigInteger(n, isUnsigned: true, isBigEndian: true) + offset;
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
