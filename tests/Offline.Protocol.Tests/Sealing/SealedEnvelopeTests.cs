using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Sealing;

namespace Offline.Protocol.Tests.Sealing;

public class SealedEnvelopeTests
{
    private readonly IRandomSource random = DeterministicRandom.FromLabel("seal");

    [Fact]
    public void Open_BySender_RevealsSenderOnlyInside()
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        var content = Pair.Text("sealed hello");

        var envelope = SealedEnvelope.Seal(alice, bob.PublicKeys, content, random);

        Assert.Equal(ProtocolError.None, SealedEnvelope.TryOpen(bob, envelope, out var sender, out var opened));
        Assert.Equal(alice.PublicKeys, sender);
        Assert.Equal(content, opened);
        Assert.Equal(SealedEnvelope.Overhead + content.Length, envelope.Length);

        // Nothing in the envelope names Alice: neither her key bytes nor her ID appear in clear.
        Assert.Equal(-1, envelope.AsSpan().IndexOf(alice.PublicKeys.SigningKey.Encoded[1..17]));
        Assert.Equal(-1, envelope.AsSpan().IndexOf(alice.PublicKeys.DhKey.Encoded[1..17]));
        Assert.Equal(-1, envelope.AsSpan().IndexOf(alice.Id.Fingerprint));
    }

    [Fact]
    public void Open_ByAnyoneElse_Fails()
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        using var eve = IdentityKeyPair.Generate(random);
        var envelope = SealedEnvelope.Seal(alice, bob.PublicKeys, Pair.Text("not for eve"), random);

        Assert.Equal(ProtocolError.AuthenticationFailed, SealedEnvelope.TryOpen(eve, envelope, out var sender, out var content));
        Assert.Null(sender);
        Assert.Null(content);
    }

    [Fact]
    public void Open_AnyTamperedByte_Fails()
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        var envelope = SealedEnvelope.Seal(alice, bob.PublicKeys, Pair.Text("integrity"), random);
        for (var i = 0; i < envelope.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x04;
            Assert.NotEqual(ProtocolError.None, SealedEnvelope.TryOpen(bob, tampered, out _, out var content));
            Assert.Null(content);
        }
    }

    [Fact]
    public void Open_SenderBoxSwappedToClaimAnotherSender_Fails()
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var mallory = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);

        // Mallory seals her own content but transplants the sender box of an envelope Alice sent to Bob.
        var fromAlice = SealedEnvelope.Seal(alice, bob.PublicKeys, Pair.Text("a"), random);
        var fromMallory = SealedEnvelope.Seal(mallory, bob.PublicKeys, Pair.Text("m"), random);
        var spliced = (byte[])fromMallory.Clone();
        fromAlice.AsSpan(0, SealedEnvelope.Overhead - 16).CopyTo(spliced);

        Assert.Equal(ProtocolError.AuthenticationFailed, SealedEnvelope.TryOpen(bob, spliced, out _, out _));
    }

    [Fact]
    public void Open_UnknownVersionOrShort_IsRejected()
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        var envelope = SealedEnvelope.Seal(alice, bob.PublicKeys, Pair.Text("v"), random);
        envelope[0] = 2;
        Assert.Equal(ProtocolError.UnknownVersion, SealedEnvelope.TryOpen(bob, envelope, out _, out _));
        Assert.Equal(ProtocolError.Malformed, SealedEnvelope.TryOpen(bob, envelope.AsSpan(0, SealedEnvelope.Overhead - 1), out _, out _));
    }
}
