using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Protocol.Tests.Ratchet;

public class RatchetSessionTests
{
    [Fact]
    public void Conversation_BothDirectionsAcrossRestarts_Decrypts()
    {
        using var pair = Pair.Create();
        for (var round = 0; round < 20; round++)
        {
            var toAlice = pair.BobSession.Encrypt(Pair.Text($"bob {round}"));
            Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(toAlice, pair.Random, out var p1));
            Assert.Equal($"bob {round}", Pair.Text(p1!));
            pair.Reload();
            var toBob = pair.AliceSession.Encrypt(Pair.Text($"alice {round}"));
            Assert.Equal(ProtocolError.None, pair.BobSession.TryDecrypt(toBob, pair.Random, out var p2));
            Assert.Equal($"alice {round}", Pair.Text(p2!));
        }
    }

    [Fact]
    public void Initiator_BeforeFirstReply_RepeatsHandshakeAndStopsAfter()
    {
        using var pair = Pair.Create();
        Assert.True(pair.AliceSession.AwaitingFirstReply);
        var second = pair.AliceSession.Encrypt(Pair.Text("second"));
        Assert.True(Offline.Protocol.Handshake.PrekeyHeader.IsPrekeyMessage(second));
        Assert.Equal(ProtocolError.None, pair.BobSession.TryDecrypt(second, pair.Random, out _));

        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(pair.BobSession.Encrypt(Pair.Text("reply")), pair.Random, out _));
        Assert.False(pair.AliceSession.AwaitingFirstReply);
        Assert.False(Offline.Protocol.Handshake.PrekeyHeader.IsPrekeyMessage(pair.AliceSession.Encrypt(Pair.Text("third"))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void OutOfOrder_RandomPermutationsAcrossDhSteps_EachDecryptsExactlyOnce(int seed)
    {
        using var pair = Pair.Create($"perm{seed}");
        var random = new Random(seed);
        var inFlightToBob = new List<(byte[] Wire, string Text)>();
        var inFlightToAlice = new List<(byte[] Wire, string Text)>();
        var deliveredToBob = new HashSet<string>();
        var deliveredToAlice = new HashSet<string>();

        // Bursts in both directions, so each side performs many DH steps while older messages are still in flight.
        for (var burst = 0; burst < 12; burst++)
        {
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                var text = $"a{burst}.{i}";
                inFlightToBob.Add((pair.AliceSession.Encrypt(Pair.Text(text)), text));
            }

            DeliverSome(pair.BobSession, inFlightToBob, deliveredToBob, random, pair.Random);
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                var text = $"b{burst}.{i}";
                inFlightToAlice.Add((pair.BobSession.Encrypt(Pair.Text(text)), text));
            }

            DeliverSome(pair.AliceSession, inFlightToAlice, deliveredToAlice, random, pair.Random);
        }

        DeliverAll(pair.BobSession, inFlightToBob, deliveredToBob, random, pair.Random);
        DeliverAll(pair.AliceSession, inFlightToAlice, deliveredToAlice, random, pair.Random);
    }

    private static void DeliverSome(RatchetSession receiver, List<(byte[] Wire, string Text)> inFlight, HashSet<string> delivered, Random order, IRandomSource random)
    {
        for (var n = order.Next(inFlight.Count + 1); n > 0; n--)
        {
            Deliver(receiver, inFlight, delivered, order.Next(inFlight.Count), random);
        }
    }

    private static void DeliverAll(RatchetSession receiver, List<(byte[] Wire, string Text)> inFlight, HashSet<string> delivered, Random order, IRandomSource random)
    {
        while (inFlight.Count > 0)
        {
            Deliver(receiver, inFlight, delivered, order.Next(inFlight.Count), random);
        }
    }

    private static void Deliver(RatchetSession receiver, List<(byte[] Wire, string Text)> inFlight, HashSet<string> delivered, int index, IRandomSource random)
    {
        var (wire, text) = inFlight[index];
        inFlight.RemoveAt(index);
        Assert.Equal(ProtocolError.None, receiver.TryDecrypt(wire, random, out var plaintext));
        Assert.Equal(text, Pair.Text(plaintext!));
        Assert.True(delivered.Add(text));

        // Exactly once: the same bytes again are refused and change nothing.
        var before = receiver.Serialize();
        Assert.NotEqual(ProtocolError.None, receiver.TryDecrypt(wire, random, out _));
        Assert.Equal(before, receiver.Serialize());
    }

    [Fact]
    public void Replay_OfDeliveredMessage_IsRejectedWithStateUnchanged()
    {
        using var pair = Pair.Create();
        var message = pair.BobSession.Encrypt(Pair.Text("once"));
        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(message, pair.Random, out _));

        var before = pair.AliceSession.Serialize();
        Assert.Equal(ProtocolError.DuplicateMessage, pair.AliceSession.TryDecrypt(message, pair.Random, out var replayed));
        Assert.Null(replayed);
        Assert.Equal(before, pair.AliceSession.Serialize());
    }

    [Fact]
    public void SkipLimit_MessageBeyondIt_IsRejectedWithStateUnchanged()
    {
        using var pair = Pair.Create();
        for (var i = 0; i <= Limits.MaxSkippedPerChain; i++)
        {
            pair.BobSession.Encrypt(Pair.Text("lost"));
        }

        var tooFar = pair.BobSession.Encrypt(Pair.Text("too far"));
        var before = pair.AliceSession.Serialize();
        Assert.Equal(ProtocolError.TooManySkippedMessages, pair.AliceSession.TryDecrypt(tooFar, pair.Random, out _));
        Assert.Equal(before, pair.AliceSession.Serialize());
    }

    [Fact]
    public void SkipLimit_MessageAtIt_Decrypts()
    {
        using var pair = Pair.Create();
        for (var i = 0; i < Limits.MaxSkippedPerChain; i++)
        {
            pair.BobSession.Encrypt(Pair.Text("lost"));
        }

        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(pair.BobSession.Encrypt(Pair.Text("edge")), pair.Random, out var plaintext));
        Assert.Equal("edge", Pair.Text(plaintext!));
    }

    [Fact]
    public void Tamper_AnyByteOfHeaderOrBodyOrTag_IsRejectedWithStateUnchanged()
    {
        using var pair = Pair.Create();
        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(pair.BobSession.Encrypt(Pair.Text("warm up")), pair.Random, out _));
        var message = pair.BobSession.Encrypt(Pair.Text("do not touch"));
        var before = pair.AliceSession.Serialize();
        for (var i = 0; i < message.Length; i++)
        {
            var tampered = (byte[])message.Clone();
            tampered[i] ^= 0x01;
            Assert.NotEqual(ProtocolError.None, pair.AliceSession.TryDecrypt(tampered, pair.Random, out var plaintext));
            Assert.Null(plaintext);
            Assert.Equal(before, pair.AliceSession.Serialize());
        }

        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(message, pair.Random, out _));
    }

    [Fact]
    public void Tamper_NewRatchetKeyWithBadTag_LeavesStateUnchanged()
    {
        using var pair = Pair.Create();

        // Bob's reply carries a new ratchet key, so Alice would perform a DH step: the failure must undo it.
        var message = pair.BobSession.Encrypt(Pair.Text("step"));
        message[^1] ^= 0x80;
        var before = pair.AliceSession.Serialize();
        Assert.Equal(ProtocolError.AuthenticationFailed, pair.AliceSession.TryDecrypt(message, pair.Random, out _));
        Assert.Equal(before, pair.AliceSession.Serialize());
    }

    [Fact]
    public void Decrypt_UnderWrongSession_Fails()
    {
        using var pair = Pair.Create("one");
        using var other = Pair.Create("two");
        var message = pair.BobSession.Encrypt(Pair.Text("for alice of pair one"));
        var before = other.AliceSession.Serialize();

        Assert.NotEqual(ProtocolError.None, other.AliceSession.TryDecrypt(message, other.Random, out _));
        Assert.Equal(before, other.AliceSession.Serialize());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(0xFF)]
    public void Decrypt_UnknownVersion_IsRejected(byte version)
    {
        using var pair = Pair.Create();
        var message = pair.BobSession.Encrypt(Pair.Text("v"));
        message[0] = version;
        var before = pair.AliceSession.Serialize();

        Assert.Equal(ProtocolError.UnknownVersion, pair.AliceSession.TryDecrypt(message, pair.Random, out _));
        Assert.Equal(before, pair.AliceSession.Serialize());
    }

    [Fact]
    public void Decrypt_TruncatedOrEmpty_IsMalformed()
    {
        using var pair = Pair.Create();
        var message = pair.BobSession.Encrypt(Pair.Text("short"));
        foreach (var length in new[] { 0, 1, 2, 40, RatchetHeaderSize, RatchetHeaderSize + 15 })
        {
            Assert.Equal(ProtocolError.Malformed, pair.AliceSession.TryDecrypt(message.AsSpan(0, length), pair.Random, out _));
        }
    }

    private const int RatchetHeaderSize = 75;

    [Fact]
    public void ForwardSecrecy_SnapshotAfterMessage_CannotDecryptThatOrEarlier()
    {
        using var pair = Pair.Create();
        var earlier = new List<byte[]>();
        for (var i = 0; i < 6; i++)
        {
            // Alternate directions so the snapshot also spans DH steps.
            var sender = i % 2 == 0 ? pair.BobSession : pair.AliceSession;
            var receiver = i % 2 == 0 ? pair.AliceSession : pair.BobSession;
            var message = sender.Encrypt(Pair.Text($"m{i}"));
            Assert.Equal(ProtocolError.None, receiver.TryDecrypt(message, pair.Random, out _));
            if (receiver == pair.AliceSession)
            {
                earlier.Add(message);
            }
        }

        // An attacker seizes Alice's state now: every message she already received stays closed.
        using var seized = Pair.Copy(pair.AliceSession);
        foreach (var message in earlier)
        {
            Assert.NotEqual(ProtocolError.None, seized.TryDecrypt(message, pair.Random, out var plaintext));
            Assert.Null(plaintext);
        }
    }

    [Fact]
    public void PostCompromise_CopiedStateStopsDecryptingAfterOneRoundTrip()
    {
        using var pair = Pair.Create();
        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(pair.BobSession.Encrypt(Pair.Text("r")), pair.Random, out _));

        // The attacker copies Bob's whole state, including his current ratchet private key.
        using var stolen = Pair.Copy(pair.BobSession);
        var attackerRandom = DeterministicRandom.FromLabel("attacker");

        // Alice → Bob under Bob's compromised key: the attacker can read this one (no healing yet).
        var exposed = pair.AliceSession.Encrypt(Pair.Text("exposed"));
        Assert.Equal(ProtocolError.None, pair.BobSession.TryDecrypt(exposed, pair.Random, out _));
        Assert.Equal(ProtocolError.None, stolen.TryDecrypt(exposed, attackerRandom, out var leaked));
        Assert.Equal("exposed", Pair.Text(leaked!));

        // One round trip: Bob answers with a fresh key the attacker never saw, Alice answers that.
        Assert.Equal(ProtocolError.None, pair.AliceSession.TryDecrypt(pair.BobSession.Encrypt(Pair.Text("fresh key")), pair.Random, out _));
        for (var i = 0; i < 5; i++)
        {
            var healed = pair.AliceSession.Encrypt(Pair.Text($"healed {i}"));
            Assert.Equal(ProtocolError.None, pair.BobSession.TryDecrypt(healed, pair.Random, out _));
            Assert.NotEqual(ProtocolError.None, stolen.TryDecrypt(healed, attackerRandom, out var plaintext));
            Assert.Null(plaintext);
        }
    }

    [Fact]
    public void MessageKeys_AcrossLongConversation_NeverRepeatKeyAndNonce()
    {
        // AES-GCM under a repeated (key, nonce) encrypts equal plaintexts to equal ciphertext bodies
        // whatever the associated data, so equal bodies for a fixed plaintext would expose reuse.
        using var pair = Pair.Create();
        var plaintext = new byte[48];
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(11);
        for (var i = 0; i < 600; i++)
        {
            var aliceSends = random.Next(2) == 0;
            var sender = aliceSends ? pair.AliceSession : pair.BobSession;
            var receiver = aliceSends ? pair.BobSession : pair.AliceSession;
            var message = sender.Encrypt(plaintext);
            Assert.Equal(ProtocolError.None, receiver.TryDecrypt(message, pair.Random, out _));
            Assert.True(bodies.Add(Convert.ToHexString(message.AsSpan(message.Length - 16 - plaintext.Length, plaintext.Length))), $"key/nonce reused at message {i}");
            if (i % 50 == 0)
            {
                pair.Reload();
            }
        }
    }

    [Fact]
    public void Deserialize_UnknownVersionOrGarbage_IsRejected()
    {
        using var pair = Pair.Create();
        var state = pair.AliceSession.Serialize();
        state[0] = 2;
        Assert.Equal(ProtocolError.UnknownVersion, RatchetSession.TryDeserialize(state, out _));
        Assert.Equal(ProtocolError.Malformed, RatchetSession.TryDeserialize(state.AsSpan(0, 0), out _));
        state[0] = RatchetSession.StateVersion;
        Assert.Equal(ProtocolError.Malformed, RatchetSession.TryDeserialize(state.AsSpan(0, state.Length - 1), out _));
        Assert.Equal(ProtocolError.Malformed, RatchetSession.TryDeserialize([.. state, 0], out _));
    }
}
