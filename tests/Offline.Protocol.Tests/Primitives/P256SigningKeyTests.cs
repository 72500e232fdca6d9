using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

public class P256SigningKeyTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("signed prekey bundle");

    [Fact]
    public void Sign_VerifiedByPlatformEcdsa()
    {
        var platformKey = P256TestKeys.NewPlatformKey();
        using var key = P256SigningKey.FromPrivateKey(platformKey.D);
        var signature = new byte[P256SigningKey.SignatureSize];

        key.Sign(Message, signature);

        using var platform = ECDsa.Create(platformKey);
        Assert.True(platform.VerifyData(Message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Verify_PlatformSignature_ReturnsTrue()
    {
        var platformKey = P256TestKeys.NewPlatformKey();
        using var platform = ECDsa.Create(platformKey);
        var signature = platform.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var publicKey = P256TestKeys.Parse(P256TestKeys.Encode(platformKey.Q));

        Assert.True(P256SigningKey.Verify(publicKey, Message, signature));
    }

    [Fact]
    public void Verify_OwnSignature_ReturnsTrue()
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);

        Assert.True(P256SigningKey.Verify(key.PublicKey, Message, SignOnce(key)));
    }

    [Fact]
    public void Verify_TamperedMessage_ReturnsFalse()
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        var tampered = (byte[])Message.Clone();
        tampered[0] ^= 0x01;

        Assert.False(P256SigningKey.Verify(key.PublicKey, tampered, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void Verify_TamperedSignatureByte_ReturnsFalse(int index)
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        signature[index] ^= 0x01;

        Assert.False(P256SigningKey.Verify(key.PublicKey, Message, signature));
    }

    [Fact]
    public void Verify_WrongKey_ReturnsFalse()
    {
        using var signer = P256SigningKey.Generate(SystemRandom.Instance);
        using var other = P256SigningKey.Generate(SystemRandom.Instance);

        Assert.False(P256SigningKey.Verify(other.PublicKey, Message, SignOnce(signer)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    public void Verify_WrongLength_ReturnsFalse(int length)
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        var resized = new byte[length];
        signature.AsSpan(0, Math.Min(length, signature.Length)).CopyTo(resized);

        Assert.False(P256SigningKey.Verify(key.PublicKey, Message, resized));
    }

    [Fact]
    public void Verify_ROrSOutOfRange_ReturnsFalse()
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        byte[][] outOfRange = [new byte[32], P256TestKeys.NearOrder(0), P256TestKeys.NearOrder(1), Enumerable.Repeat((byte)0xFF, 32).ToArray()];

        foreach (var bad in outOfRange)
        {
            Assert.False(P256SigningKey.Verify(key.PublicKey, Message, [.. bad, .. signature.AsSpan(32)]));
            Assert.False(P256SigningKey.Verify(key.PublicKey, Message, [.. signature.AsSpan(0, 32), .. bad]));
        }
    }

    [Fact]
    public void Verify_SReplacedByOrderMinusS_StillReturnsTrue()
    {
        // (r, n − s) is the other valid form of the same signature; neither form is preferred.
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        var n = new BigInteger(P256TestKeys.NearOrder(0), isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] other = [.. signature.AsSpan(0, 32), .. new byte[32 - flipped.Length], .. flipped];

        Assert.True(P256SigningKey.Verify(key.PublicKey, Message, other));
    }

    [Fact]
    public void Sign_WrongSignatureLength_ThrowsArgumentException()
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);

        Assert.Throws<ArgumentException>(() => key.Sign(Message, new byte[63]));
    }

    [Fact]
    public void Generate_SameDeterministicRandom_SamePublicKey()
    {
        using var first = P256SigningKey.Generate(DeterministicRandom.FromLabel("p256-signing"));
        using var second = P256SigningKey.Generate(DeterministicRandom.FromLabel("p256-signing"));

        Assert.Equal(first.PublicKey, second.PublicKey);
    }

    [Fact]
    public void Generate_FirstDrawAboveOrder_UsesSecondDraw()
    {
        var valid = P256TestKeys.NearOrder(-42);
        using var key = P256SigningKey.Generate(new ScriptedRandom(Enumerable.Repeat((byte)0xFF, 32).ToArray(), valid));
        var exported = new byte[32];

        key.ExportPrivateKey(exported);

        Assert.Equal(valid, exported);
    }

    [Fact]
    public void FromPrivateKey_ZeroOrOrder_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => P256SigningKey.FromPrivateKey(new byte[32]));
        Assert.Throws<ArgumentException>(() => P256SigningKey.FromPrivateKey(P256TestKeys.NearOrder(0)));
        Assert.Throws<ArgumentException>(() => P256SigningKey.FromPrivateKey(P256TestKeys.NearOrder(1)));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposedException()
    {
        var key = P256SigningKey.Generate(SystemRandom.Instance);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign(Message, new byte[64]));
        Assert.Throws<ObjectDisposedException>(() => key.ExportPrivateKey(new byte[32]));
    }

    [Fact]
    public void Verify_SharedKeyFromManyThreads_AllVerify()
    {
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var signature = SignOnce(key);
        var sharedKey = P256TestKeys.Parse(key.PublicKey.Encoded);
        var failures = 0;

        Parallel.For(0, 64, _ =>
        {
            if (!P256SigningKey.Verify(sharedKey, Message, signature))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    private static byte[] SignOnce(P256SigningKey key)
    {
        var signature = new byte[P256SigningKey.SignatureSize];
        key.Sign(Message, signature);
        return signature;
    }
}
