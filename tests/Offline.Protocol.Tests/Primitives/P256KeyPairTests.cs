using System.Security.Cryptography;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

public class P256KeyPairTests
{
    public static TheoryData<byte[]> OutOfRangeScalars() => new()
    {
        new byte[32],
        P256TestKeys.NearOrder(0),
        P256TestKeys.NearOrder(1),
        Enumerable.Repeat((byte)0xFF, 32).ToArray(),
        new byte[31],
        new byte[33],
        Array.Empty<byte>(),
    };

    [Fact]
    public void FromPrivateKey_PlatformScalar_DerivesPlatformPublicPoint()
    {
        var platform = P256TestKeys.NewPlatformKey();

        using var pair = P256KeyPair.FromPrivateKey(platform.D);

        Assert.Equal(P256TestKeys.Encode(platform.Q), pair.PublicKey.Encoded.ToArray());
    }

    [Fact]
    public void Agree_BothDirections_GiveSameSecret()
    {
        using var alice = P256KeyPair.Generate(SystemRandom.Instance);
        using var bob = P256KeyPair.Generate(SystemRandom.Instance);
        var fromAlice = new byte[P256KeyPair.SharedSecretSize];
        var fromBob = new byte[P256KeyPair.SharedSecretSize];

        alice.Agree(bob.PublicKey, fromAlice);
        bob.Agree(alice.PublicKey, fromBob);

        Assert.Equal(fromAlice, fromBob);
        Assert.NotEqual(new byte[32], fromAlice);
    }

    [Fact]
    public void Agree_MatchesPlatformDeriveRawSecretAgreement()
    {
        var ourKey = P256TestKeys.NewPlatformKey();
        var theirKey = P256TestKeys.NewPlatformKey();
        using var ours = P256KeyPair.FromPrivateKey(ourKey.D);
        var theirs = P256TestKeys.Parse(P256TestKeys.Encode(theirKey.Q));
        var secret = new byte[P256KeyPair.SharedSecretSize];

        ours.Agree(theirs, secret);

        using var platformOurs = ECDiffieHellman.Create(ourKey);
        using var platformTheirs = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = theirKey.Q });
        Assert.Equal(platformOurs.DeriveRawSecretAgreement(platformTheirs.PublicKey), secret);
    }

    [Theory]
    [MemberData(nameof(OutOfRangeScalars))]
    public void FromPrivateKey_ScalarOutOfRangeOrWrongLength_ThrowsArgumentException(byte[] scalar)
    {
        var error = Assert.Throws<ArgumentException>(() => P256KeyPair.FromPrivateKey(scalar));

        Assert.DoesNotMatch("[0-9A-Fa-f]{16}", error.Message);
    }

    [Fact]
    public void FromPrivateKey_ScalarsOneAndOrderMinusOne_Accepted()
    {
        var one = new byte[32];
        one[^1] = 1;

        using var low = P256KeyPair.FromPrivateKey(one);
        using var high = P256KeyPair.FromPrivateKey(P256TestKeys.NearOrder(-1));

        // (n − 1)·G = −G: same X as G, so the two public keys differ only in Y.
        Assert.Equal(low.PublicKey.Encoded[..33].ToArray(), high.PublicKey.Encoded[..33].ToArray());
        Assert.NotEqual(low.PublicKey, high.PublicKey);
    }

    [Fact]
    public void Generate_SameDeterministicRandom_SameKey()
    {
        using var first = P256KeyPair.Generate(DeterministicRandom.FromLabel("p256-keygen"));
        using var second = P256KeyPair.Generate(DeterministicRandom.FromLabel("p256-keygen"));

        Assert.Equal(first.PublicKey, second.PublicKey);
    }

    [Fact]
    public void Generate_FirstDrawAboveOrder_DiscardsItAndUsesSecondDraw()
    {
        var valid = new byte[32];
        DeterministicRandom.FromLabel("second-draw").Fill(valid);
        var random = new ScriptedRandom(Enumerable.Repeat((byte)0xFF, 32).ToArray(), valid);

        using var pair = P256KeyPair.Generate(random);

        var exported = new byte[P256KeyPair.PrivateKeySize];
        pair.ExportPrivateKey(exported);
        Assert.Equal(valid, exported);
        Assert.Equal(64, random.Drawn);
    }

    [Fact]
    public void Generate_DrawsOfZeroAndOfOrder_AreBothSkipped()
    {
        var valid = P256TestKeys.NearOrder(-1);
        var random = new ScriptedRandom(new byte[32], P256TestKeys.NearOrder(0), valid);

        using var pair = P256KeyPair.Generate(random);

        var exported = new byte[P256KeyPair.PrivateKeySize];
        pair.ExportPrivateKey(exported);
        Assert.Equal(valid, exported);
        Assert.Equal(96, random.Drawn);
    }

    [Fact]
    public void ExportPrivateKey_FromPrivateKey_RoundTrips()
    {
        var platform = P256TestKeys.NewPlatformKey();
        using var pair = P256KeyPair.FromPrivateKey(platform.D);
        var exported = new byte[P256KeyPair.PrivateKeySize];

        pair.ExportPrivateKey(exported);

        Assert.Equal(platform.D, exported);
    }

    [Fact]
    public void Agree_WrongOutputLength_ThrowsArgumentException()
    {
        using var pair = P256KeyPair.Generate(SystemRandom.Instance);

        Assert.Throws<ArgumentException>(() => pair.Agree(pair.PublicKey, new byte[31]));
        Assert.Throws<ArgumentException>(() => pair.ExportPrivateKey(new byte[33]));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposedException()
    {
        var pair = P256KeyPair.Generate(SystemRandom.Instance);
        var peer = pair.PublicKey;
        pair.Dispose();
        pair.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pair.Agree(peer, new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => pair.ExportPrivateKey(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => pair.PublicKey);
    }

    [Fact]
    public void Agree_SharedPeerKeyFromManyThreads_AllAgree()
    {
        using var peer = P256KeyPair.Generate(SystemRandom.Instance);
        var sharedPeerKey = P256TestKeys.Parse(peer.PublicKey.Encoded);
        var mismatches = 0;

        Parallel.For(0, 64, _ =>
        {
            using var own = P256KeyPair.Generate(SystemRandom.Instance);
            var ours = new byte[32];
            var theirs = new byte[32];
            own.Agree(sharedPeerKey, ours);
            peer.Agree(own.PublicKey, theirs);
            if (!ours.AsSpan().SequenceEqual(theirs))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }
}
