using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Identity;

public class PrekeyBundleTests
{
    private static PrekeySet Generate(string label, int oneTime = 3)
    {
        var random = DeterministicRandom.FromLabel(label);
        using var identity = IdentityKeyPair.Generate(random);
        return PrekeySet.Generate(identity, random, oneTime);
    }

    [Fact]
    public void Parse_Encoded_VerifiesAndRoundTrips()
    {
        using var set = Generate("bundle");
        var encoded = set.Bundle.Encode();

        Assert.True(PrekeyBundle.TryParse(encoded, out var parsed, out var error), error.ToString());
        Assert.Equal(set.Bundle.Id, parsed!.Id);
        Assert.Equal(3, parsed.OneTimePrekeys.Count);
        Assert.Equal(encoded, parsed.Encode());
    }

    [Fact]
    public void Parse_AnyFlippedBit_IsRejected()
    {
        using var set = Generate("flip", oneTime: 1);
        var encoded = set.Bundle.Encode();
        var random = new Random(7);
        for (var trial = 0; trial < 400; trial++)
        {
            var tampered = (byte[])encoded.Clone();
            var position = trial < 200 ? random.Next(1, 132) : random.Next(132, tampered.Length);
            tampered[position] ^= (byte)(1 << random.Next(8));
            Assert.False(PrekeyBundle.TryParse(tampered, out _, out var error), $"bit flip at {position} accepted");
            Assert.NotEqual(ProtocolError.None, error);
        }
    }

    [Fact]
    public void Parse_SubstitutedPrekeyFromAnotherIdentity_IsRejected()
    {
        using var victim = Generate("victim", oneTime: 1);
        using var attacker = Generate("attacker", oneTime: 1);
        var forged = victim.Bundle.Encode();

        // Splice the attacker's (validly signed, by the attacker) signed prekey into the victim's bundle.
        var start = 1 + IdentityPublicKeys.EncodedSize;
        attacker.Bundle.Encode().AsSpan(start, EcPrekey.EncodedSize).CopyTo(forged.AsSpan(start));

        Assert.False(PrekeyBundle.TryParse(forged, out _, out var error));
        Assert.Equal(ProtocolError.InvalidSignature, error);
    }

    [Fact]
    public void Parse_SubstitutedIdentity_ChangesId()
    {
        using var victim = Generate("victim2", oneTime: 0);
        using var attacker = Generate("attacker2", oneTime: 0);

        // A relay that serves the attacker's whole (self-consistent) bundle for the victim's ID is caught by the ID.
        Assert.True(PrekeyBundle.TryParse(attacker.Bundle.Encode(), out var served, out _));
        Assert.NotEqual(victim.Bundle.Id, served!.Id);
    }

    [Fact]
    public void Parse_UnknownVersionTruncatedOrTrailing_IsRejected()
    {
        using var set = Generate("shape", oneTime: 1);
        var encoded = set.Bundle.Encode();

        var versioned = (byte[])encoded.Clone();
        versioned[0] = 2;
        Assert.False(PrekeyBundle.TryParse(versioned, out _, out var error));
        Assert.Equal(ProtocolError.UnknownVersion, error);

        for (var cut = 0; cut < encoded.Length; cut += 97)
        {
            Assert.False(PrekeyBundle.TryParse(encoded.AsSpan(0, cut), out _, out _));
        }

        Assert.False(PrekeyBundle.TryParse([.. encoded, 0], out _, out error));
        Assert.Equal(ProtocolError.Malformed, error);
    }

    [Fact]
    public void Parse_InvalidCurvePointInSignedPrekey_IsRejected()
    {
        using var set = Generate("curve", oneTime: 0);
        var encoded = set.Bundle.Encode();
        var keyAt = 1 + IdentityPublicKeys.EncodedSize + 4;
        encoded.AsSpan(keyAt + 1, 64).Clear();

        Assert.False(PrekeyBundle.TryParse(encoded, out _, out var error));
        Assert.Equal(ProtocolError.InvalidPublicKey, error);
    }

    [Fact]
    public void WithOneTimePrekeys_RelaysSingleKey_StillVerifies()
    {
        using var set = Generate("single", oneTime: 5);
        var handedOut = set.Bundle.WithOneTimePrekeys([set.Bundle.OneTimePrekeys[2]]).Encode();

        Assert.True(PrekeyBundle.TryParse(handedOut, out var parsed, out _));
        Assert.Equal(set.Bundle.OneTimePrekeys[2].Id, Assert.Single(parsed!.OneTimePrekeys).Id);
        Assert.True(OneTimePrekey.TryParse(parsed.OneTimePrekeys[0].Encode(), out var stored));
        Assert.Equal(parsed.OneTimePrekeys[0].Id, stored!.Id);
    }

    [Fact]
    public void AddOneTimePrekeys_SignedByTheIdentity_KeptAcrossSerialization_IdsNeverReused()
    {
        var random = DeterministicRandom.FromLabel("top-up");
        using var identity = IdentityKeyPair.Generate(random);
        using var set = PrekeySet.Generate(identity, random, 3);
        var added = set.AddOneTimePrekeys(identity, random, 4, 2);
        Assert.Equal([4u, 5u], added.Select(p => p.Id));
        Assert.Equal([1u, 2u, 3u, 4u, 5u], set.OneTimePrekeyIds);

        // The new prekeys verify in a bundle of the same identity, and not in another identity's.
        Assert.True(PrekeyBundle.TryParse(set.Bundle.WithOneTimePrekeys(added).Encode(), out _, out var error), error.ToString());
        using var otherIdentity = IdentityKeyPair.Generate(random);
        using var other = PrekeySet.Generate(otherIdentity, random, 0);
        Assert.False(PrekeyBundle.TryParse(other.Bundle.WithOneTimePrekeys(added).Encode(), out _, out _));

        // The secret form keeps them; an id still held is refused rather than replaced.
        Assert.Equal(ProtocolError.None, PrekeySet.TryDeserialize(set.Serialize(), out var copy));
        using (copy)
        {
            Assert.Equal([1u, 2u, 3u, 4u, 5u], copy!.OneTimePrekeyIds);
        }

        Assert.Throws<ArgumentException>(() => set.AddOneTimePrekeys(identity, random, 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.AddOneTimePrekeys(identity, random, 0, 1));
        Assert.True(set.ForgetOneTimePrekey(4));
        Assert.False(set.ForgetOneTimePrekey(4));
        Assert.Equal([1u, 2u, 3u, 5u], set.OneTimePrekeyIds);
    }
}
