using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

/// <summary>RFC 6979 signatures (what signed statements use): known answers, and verification by the platform.</summary>
public class P256DeterministicSignatureTests
{
    // RFC 6979 appendix A.2.5: ECDSA, 256 bits (prime field), key and the SHA-256 signatures of "sample" and "test".
    private const string PrivateKey = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";

    [Theory]
    [InlineData("sample", "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716", "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")]
    [InlineData("test", "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367", "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083")]
    public void SignDeterministic_Rfc6979Vectors_Match(string message, string r, string s)
    {
        using var key = P256SigningKey.FromPrivateKey(Convert.FromHexString(PrivateKey));
        var signature = new byte[P256SigningKey.SignatureSize];

        key.SignDeterministic(Encoding.UTF8.GetBytes(message), signature);

        Assert.Equal(r + s, Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void SignDeterministic_SameInput_SameBytes_VerifiedByPlatform()
    {
        var platformKey = P256TestKeys.NewPlatformKey();
        using var key = P256SigningKey.FromPrivateKey(platformKey.D);
        var message = Encoding.UTF8.GetBytes("Offline/Release/v1\nbody\n");
        var first = new byte[P256SigningKey.SignatureSize];
        var second = new byte[P256SigningKey.SignatureSize];

        key.SignDeterministic(message, first);
        key.SignDeterministic(message, second);

        Assert.Equal(first, second);
        using var platform = ECDsa.Create(platformKey);
        Assert.True(platform.VerifyData(message, first, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(P256SigningKey.Verify(key.PublicKey, message, first));
    }

    [Fact]
    public void SignDeterministic_WrongLengthOrDisposed_Throws()
    {
        var key = P256SigningKey.Generate(SystemRandom.Instance);
        Assert.Throws<ArgumentException>(() => key.SignDeterministic([1], new byte[63]));
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.SignDeterministic([1], new byte[64]));
    }
}
