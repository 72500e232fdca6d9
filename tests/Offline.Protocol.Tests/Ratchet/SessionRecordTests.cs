using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Protocol.Tests.Ratchet;

public class SessionRecordTests
{
    [Fact]
    public void SimultaneousFirstContact_BothSidesConverge()
    {
        var random = DeterministicRandom.FromLabel("simultaneous");
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        using var alicePrekeys = PrekeySet.Generate(alice, random, 1);
        using var bobPrekeys = PrekeySet.Generate(bob, random, 1);
        using var aliceRecord = new SessionRecord();
        using var bobRecord = new SessionRecord();

        // Both add each other and write before either message arrives.
        Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(alice, bobPrekeys.Bundle, bob.Id, random, out var aliceOwn));
        Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(bob, alicePrekeys.Bundle, alice.Id, random, out var bobOwn));
        aliceRecord.Promote(aliceOwn!);
        bobRecord.Promote(bobOwn!);
        var fromAlice = aliceRecord.Current!.Encrypt(Pair.Text("hi from alice"));
        var fromBob = bobRecord.Current!.Encrypt(Pair.Text("hi from bob"));

        // Each side sees a handshake its record did not make, accepts it, and promotes it.
        Assert.Equal(ProtocolError.NewSession, bobRecord.TryDecrypt(fromAlice, random, out _));
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(bob, new InMemoryPrekeyStore(bobPrekeys), fromAlice, random, out var bobAccepted, out _));
        bobRecord.Promote(bobAccepted!);
        Assert.Equal(ProtocolError.NewSession, aliceRecord.TryDecrypt(fromBob, random, out _));
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(alice, new InMemoryPrekeyStore(alicePrekeys), fromBob, random, out var aliceAccepted, out _));
        aliceRecord.Promote(aliceAccepted!);

        // Now each current session belongs to the other's handshake; the archive bridges them.
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(ProtocolError.None, bobRecord.TryDecrypt(aliceRecord.Current!.Encrypt(Pair.Text($"a{round}")), random, out var p1));
            Assert.Equal($"a{round}", Pair.Text(p1!));
            Assert.Equal(ProtocolError.None, aliceRecord.TryDecrypt(bobRecord.Current!.Encrypt(Pair.Text($"b{round}")), random, out var p2));
            Assert.Equal($"b{round}", Pair.Text(p2!));
        }

        Assert.Equal(aliceRecord.Current!.ConversationSecret.ToArray(), bobRecord.Current!.ConversationSecret.ToArray());
    }

    [Fact]
    public void Archive_IsBoundedAndSerializationRoundTrips()
    {
        using var record = new SessionRecord();
        var pairs = Enumerable.Range(0, Limits.MaxArchivedSessions + 3).Select(i => Pair.Create($"arch{i}")).ToList();
        foreach (var pair in pairs)
        {
            record.Promote(Pair.Copy(pair.AliceSession));
        }

        Assert.Equal(Limits.MaxArchivedSessions, record.ArchivedCount);
        Assert.Equal(ProtocolError.None, SessionRecord.TryDeserialize(record.Serialize(), out var copy));
        using (copy)
        {
            Assert.Equal(record.Serialize(), copy!.Serialize());

            // A message of an archived session still decrypts and makes it current.
            var archived = pairs[^2];
            var late = archived.BobSession.Encrypt(Pair.Text("late"));
            Assert.Equal(ProtocolError.None, copy.TryDecrypt(late, archived.Random, out var plaintext));
            Assert.Equal("late", Pair.Text(plaintext!));
            Assert.Equal(archived.AliceSession.BaseKey, copy.Current!.BaseKey);
        }

        pairs.ForEach(p => p.Dispose());
    }

    [Fact]
    public void Decrypt_FailingEverywhere_ChangesNothing()
    {
        using var pair = Pair.Create("none");
        using var record = new SessionRecord();
        record.Promote(Pair.Copy(pair.AliceSession));
        var message = pair.BobSession.Encrypt(Pair.Text("x"));
        message[^1] ^= 1;
        var before = record.Serialize();
        Assert.Equal(ProtocolError.AuthenticationFailed, record.TryDecrypt(message, pair.Random, out _));
        Assert.Equal(before, record.Serialize());
        Assert.Equal(ProtocolError.UnknownVersion, SessionRecord.TryDeserialize([9, 0], out _));
        Assert.Equal(ProtocolError.Malformed, SessionRecord.TryDeserialize([.. before, 0], out _));
    }
}
