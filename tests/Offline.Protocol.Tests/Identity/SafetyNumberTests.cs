using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Identity;

public class SafetyNumberTests
{
    [Fact]
    public void Compute_BothSides_SeeTheSameNumber()
    {
        var random = DeterministicRandom.FromLabel("sn");
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);

        var aliceView = SafetyNumber.Compute(alice.PublicKeys, bob.PublicKeys);
        var bobView = SafetyNumber.Compute(bob.PublicKeys, alice.PublicKeys);

        Assert.Equal(aliceView.Digits, bobView.Digits);
        Assert.Matches("^[0-9]{5}( [0-9]{5}){5}$", aliceView.Digits);
        Assert.True(bobView.MatchesQr(aliceView.QrText));
    }

    [Fact]
    public void Compute_ChangedKey_ChangesNumberAndQr()
    {
        var random = DeterministicRandom.FromLabel("sn2");
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        using var mallory = IdentityKeyPair.Generate(random);

        var real = SafetyNumber.Compute(alice.PublicKeys, bob.PublicKeys);
        var forged = SafetyNumber.Compute(alice.PublicKeys, mallory.PublicKeys);

        Assert.NotEqual(real.Digits, forged.Digits);
        Assert.False(real.MatchesQr(forged.QrText));
        Assert.False(real.MatchesQr("offline-sn:1:zz"));
        Assert.False(real.MatchesQr(real.QrText[..^1] + "g"));
    }
}
