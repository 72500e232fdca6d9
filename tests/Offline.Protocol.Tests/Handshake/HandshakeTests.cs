using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Handshake;

public class HandshakeTests
{
    private sealed class Setup : IDisposable
    {
        public Setup(string label, int oneTime)
        {
            Random = DeterministicRandom.FromLabel(label);
            Alice = IdentityKeyPair.Generate(Random);
            Bob = IdentityKeyPair.Generate(Random);
            Prekeys = PrekeySet.Generate(Bob, Random, oneTime);
            Store = new InMemoryPrekeyStore(Prekeys);
        }

        public IRandomSource Random { get; }

        public IdentityKeyPair Alice { get; }

        public IdentityKeyPair Bob { get; }

        public PrekeySet Prekeys { get; }

        public InMemoryPrekeyStore Store { get; }

        public byte[] FirstMessage(string text = "hi")
        {
            Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(Alice, Prekeys.Bundle.WithOneTimePrekeys([.. Prekeys.Bundle.OneTimePrekeys.Take(1)]), Bob.Id, Random, out var session));
            using (session)
            {
                return session!.Encrypt(Pair.Text(text));
            }
        }

        public void Dispose()
        {
            Prekeys.Dispose();
            Alice.Dispose();
            Bob.Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Accept_FirstMessage_BothSidesShareSecretsAndIdentities(int oneTime)
    {
        using var s = new Setup($"share{oneTime}", oneTime);
        Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(s.Alice, s.Prekeys.Bundle, s.Bob.Id, s.Random, out var alice));
        using (alice)
        {
            var first = alice!.Encrypt(Pair.Text("hello"));
            Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out var bob, out var plaintext));
            using (bob)
            {
                Assert.Equal("hello", Pair.Text(plaintext!));
                Assert.Equal(alice.ConversationSecret.ToArray(), bob!.ConversationSecret.ToArray());
                Assert.Equal(s.Alice.PublicKeys, bob.RemoteIdentity);
                Assert.Equal(s.Bob.PublicKeys, alice.RemoteIdentity);
            }
        }
    }

    [Fact]
    public void Accept_OneTimePrekey_IsDeletedAfterUse()
    {
        using var s = new Setup("otp", 2);
        var used = s.Prekeys.Bundle.OneTimePrekeys[0].Id;
        Assert.NotNull(s.Store.FindOneTimePrekey(used));
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(s.Bob, s.Store, s.FirstMessage(), s.Random, out var session, out _));
        session!.Dispose();
        Assert.Null(s.Store.FindOneTimePrekey(used));
        Assert.NotNull(s.Store.FindOneTimePrekey(s.Prekeys.Bundle.OneTimePrekeys[1].Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Accept_ReplayedFirstMessage_IsRejected(int oneTime)
    {
        using var s = new Setup($"replay{oneTime}", oneTime);
        var first = s.FirstMessage();
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out var session, out _));
        session!.Dispose();

        Assert.Equal(ProtocolError.ReplayedHandshake, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out var again, out var plaintext));
        Assert.Null(again);
        Assert.Null(plaintext);
    }

    [Fact]
    public void Accept_ForgedInitiatorIdentity_FailsAndKeepsOneTimePrekey()
    {
        using var s = new Setup("forge", 1);
        using var mallory = IdentityKeyPair.Generate(s.Random);
        var first = s.FirstMessage();

        // Claim to be Mallory: the identities are bound into DH1 and the AD, so nothing opens.
        mallory.PublicKeys.Encoded.CopyTo(first.AsSpan(2));
        Assert.Equal(ProtocolError.AuthenticationFailed, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out var session, out _));
        Assert.Null(session);
        Assert.NotNull(s.Store.FindOneTimePrekey(s.Prekeys.Bundle.OneTimePrekeys[0].Id));
    }

    [Fact]
    public void Accept_TamperedKemCiphertext_Fails()
    {
        using var s = new Setup("kem", 0);
        var first = s.FirstMessage();
        first[PrekeyHeader.Size - 10] ^= 0x01;
        Assert.Equal(ProtocolError.AuthenticationFailed, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out _, out _));

        // And the untampered message still works afterwards: the failure remembered nothing.
        first[PrekeyHeader.Size - 10] ^= 0x01;
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out var session, out _));
        session!.Dispose();
    }

    [Fact]
    public void Accept_UnknownPrekeyIds_AreReported()
    {
        using var s = new Setup("ids", 1);
        var first = s.FirstMessage();
        var signedIdAt = 2 + IdentityPublicKeys.EncodedSize + P256PublicKey.EncodedSize;
        first[signedIdAt + 3] ^= 0x40;
        Assert.Equal(ProtocolError.UnknownPrekey, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out _, out _));
    }

    [Fact]
    public void Accept_InvalidBaseKey_IsRejected()
    {
        using var s = new Setup("base", 0);
        var first = s.FirstMessage();
        first.AsSpan(2 + IdentityPublicKeys.EncodedSize + 1, 64).Fill(0xFF);
        Assert.Equal(ProtocolError.InvalidPublicKey, SessionResponder.TryAccept(s.Bob, s.Store, first, s.Random, out _, out _));
    }

    [Fact]
    public void Start_BundleOfAnotherId_IsRefused()
    {
        using var s = new Setup("swap", 0);
        using var mallory = IdentityKeyPair.Generate(s.Random);
        using var malloryKeys = PrekeySet.Generate(mallory, s.Random, 0);

        Assert.Equal(ProtocolError.IdentityMismatch, SessionInitiator.TryStart(s.Alice, malloryKeys.Bundle, s.Bob.Id, s.Random, out var session));
        Assert.Null(session);
    }

    [Fact]
    public void Decrypt_PrekeyMessageOfAnotherHandshake_AsksForNewSession()
    {
        using var pair = Pair.Create("rehandshake", oneTimePrekeys: 2);
        Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(pair.Alice, pair.BobPrekeys.Bundle.WithOneTimePrekeys([pair.BobPrekeys.Bundle.OneTimePrekeys[1]]), pair.Bob.Id, pair.Random, out var second));
        using (second)
        {
            var restart = second!.Encrypt(Pair.Text("reinstalled"));
            Assert.Equal(ProtocolError.NewSession, pair.BobSession.TryDecrypt(restart, pair.Random, out _));
            Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(pair.Bob, pair.BobStore, restart, pair.Random, out var fresh, out _));
            fresh!.Dispose();
        }
    }
}
