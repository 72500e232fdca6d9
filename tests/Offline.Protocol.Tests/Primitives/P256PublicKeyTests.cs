using System.Numerics;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

public class P256PublicKeyTests
{
    private static readonly BigInteger P = new(Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), isUnsigned: true, isBigEndian: true);
    private static readonly BigInteger B = new(Convert.FromHexString("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), isUnsigned: true, isBigEndian: true);

    [Fact]
    public void TryParse_PlatformGeneratedPoint_ReturnsTrueAndKeepsEncoding()
    {
        var encoded = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);

        Assert.True(P256PublicKey.TryParse(encoded, out var key));
        Assert.Equal(encoded, key!.Encoded.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(66)]
    public void TryParse_WrongLength_ReturnsFalse(int length)
    {
        var valid = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);
        var encoded = new byte[length];
        valid.AsSpan(0, Math.Min(length, valid.Length)).CopyTo(encoded);

        Assert.False(P256PublicKey.TryParse(encoded, out var key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x03)]
    [InlineData(0x06)]
    [InlineData(0x07)]
    [InlineData(0x00)]
    public void TryParse_OtherPrefixOnValidCoordinates_ReturnsFalse(byte prefix)
    {
        var encoded = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);
        encoded[0] = prefix;

        Assert.False(P256PublicKey.TryParse(encoded, out _));
    }

    [Fact]
    public void TryParse_CompressedEncoding_ReturnsFalse()
    {
        var q = P256TestKeys.NewPlatformKey().Q;
        byte[] compressed = [(byte)(0x02 | (q.Y![^1] & 1)), .. q.X!];

        Assert.False(P256PublicKey.TryParse(compressed, out _));
    }

    [Fact]
    public void TryParse_InfinityEncodings_ReturnFalse()
    {
        Assert.False(P256PublicKey.TryParse([0x00], out _));
        Assert.False(P256PublicKey.TryParse(new byte[65], out _));
        byte[] zeroCoordinates = [0x04, .. new byte[64]];
        Assert.False(P256PublicKey.TryParse(zeroCoordinates, out _));
    }

    [Fact]
    public void TryParse_PointOffCurve_ReturnsFalse()
    {
        var encoded = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);
        encoded[^1] ^= 0x01;

        Assert.False(P256PublicKey.TryParse(encoded, out _));
    }

    [Fact]
    public void TryParse_XEncodedAsXPlusP_ReturnsFalse()
    {
        // (x, y) is on the curve and x + p < 2²⁵⁶, so X = x + p satisfies the equation mod p:
        // only the explicit X < p rule rejects this non-canonical encoding.
        var (x, y) = SmallXPoint();
        Assert.True(P256PublicKey.TryParse(Encode(x, y), out _));

        Assert.False(P256PublicKey.TryParse(Encode(x + P, y), out _));
    }

    [Fact]
    public void TryParse_CoordinatesAtOrAboveP_ReturnFalse()
    {
        var (x, y) = SmallXPoint();

        Assert.False(P256PublicKey.TryParse(Encode(P, y), out _));
        Assert.False(P256PublicKey.TryParse(Encode(x, P), out _));
        byte[] allOnes = [0x04, .. Enumerable.Repeat((byte)0xFF, 64)];
        Assert.False(P256PublicKey.TryParse(allOnes, out _));
    }

    [Fact]
    public void Equals_SameEncoding_TrueWithSameHashCode()
    {
        var encoded = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);
        var first = P256TestKeys.Parse(encoded);
        var second = P256TestKeys.Parse(encoded);

        Assert.Equal(first, second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentKeys_False()
    {
        var first = P256TestKeys.Parse(P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q));
        var second = P256TestKeys.Parse(P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q));

        Assert.NotEqual(first, second);
        Assert.False(first.Equals(null));
    }

    [Fact]
    public void Equals_GeneratedKeyAndItsParsedEncoding_True()
    {
        using var pair = P256KeyPair.Generate(DeterministicRandom.FromLabel("public-key-equality"));

        Assert.True(P256PublicKey.TryParse(pair.PublicKey.Encoded, out var parsed));
        Assert.Equal(pair.PublicKey, parsed);
    }

    [Fact]
    public void ToString_PrintsOnlyAShortPrefix()
    {
        var encoded = P256TestKeys.Encode(P256TestKeys.NewPlatformKey().Q);
        var key = P256TestKeys.Parse(encoded);

        var text = key.ToString();

        Assert.True(text.Length < 40, text);
        Assert.DoesNotContain(Convert.ToHexStringLower(encoded.AsSpan(1, 16)), text, StringComparison.Ordinal);
    }

    /// <summary>The curve point with the smallest x ≥ 1 (p ≡ 3 mod 4, so √a = a^((p+1)/4) when a is a square).</summary>
    private static (BigInteger X, BigInteger Y) SmallXPoint()
    {
        for (var x = BigInteger.One; ; x++)
        {
            var right = BigInteger.Remainder((x * x * x) - (3 * x) + B, P);
            var y = BigInteger.ModPow(right, (P + 1) / 4, P);
            if (y * y % P == right)
            {
                return (x, y);
            }
        }
    }

    private static byte[] Encode(BigInteger x, BigInteger y) => [0x04, .. Fixed32(x), .. Fixed32(y)];

    private static byte[] Fixed32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
