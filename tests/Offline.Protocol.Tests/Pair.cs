using System.Text;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Protocol.Tests;

/// <summary>Two people with a working session: Alice started it, Bob accepted her first message.</summary>
internal sealed class Pair : IDisposable
{
    private Pair(IdentityKeyPair alice, IdentityKeyPair bob, PrekeySet bobPrekeys, InMemoryPrekeyStore bobStore, RatchetSession aliceSession, RatchetSession bobSession, IRandomSource random)
    {
        Alice = alice;
        Bob = bob;
        BobPrekeys = bobPrekeys;
        BobStore = bobStore;
        AliceSession = aliceSession;
        BobSession = bobSession;
        Random = random;
    }

    public IdentityKeyPair Alice { get; }

    public IdentityKeyPair Bob { get; }

    public PrekeySet BobPrekeys { get; }

    public InMemoryPrekeyStore BobStore { get; }

    public RatchetSession AliceSession { get; private set; }

    public RatchetSession BobSession { get; private set; }

    public IRandomSource Random { get; }

    public static Pair Create(string label = "pair", int oneTimePrekeys = 1)
    {
        var random = DeterministicRandom.FromLabel(label);
        var alice = IdentityKeyPair.Generate(random);
        var bob = IdentityKeyPair.Generate(random);
        var prekeys = PrekeySet.Generate(bob, random, oneTimePrekeys);
        var store = new InMemoryPrekeyStore(prekeys);
        Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(alice, prekeys.Bundle, bob.Id, random, out var aliceSession));
        var first = aliceSession!.Encrypt(Encoding.UTF8.GetBytes("hello bob"));
        Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(bob, store, first, random, out var bobSession, out var plaintext));
        Assert.Equal("hello bob", Encoding.UTF8.GetString(plaintext!));
        return new Pair(alice, bob, prekeys, store, aliceSession, bobSession!, random);
    }

    public static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    public static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    /// <summary>Replaces a side's session by a serialize/deserialize round trip, as a client restart would.</summary>
    public void Reload()
    {
        AliceSession = Reloaded(AliceSession);
        BobSession = Reloaded(BobSession);
    }

    public static RatchetSession Reloaded(RatchetSession session)
    {
        var state = session.Serialize();
        Assert.Equal(ProtocolError.None, RatchetSession.TryDeserialize(state, out var copy));
        session.Dispose();
        return copy!;
    }

    public static RatchetSession Copy(RatchetSession session)
    {
        Assert.Equal(ProtocolError.None, RatchetSession.TryDeserialize(session.Serialize(), out var copy));
        return copy!;
    }

    public void Dispose()
    {
        AliceSession.Dispose();
        BobSession.Dispose();
        BobPrekeys.Dispose();
        Alice.Dispose();
        Bob.Dispose();
    }
}
