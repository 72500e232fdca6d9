using System.Text;
using System.Text.Json.Nodes;
using Offline.Protocol.Content;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;
using Offline.Protocol.Sealing;
using Offline.Protocol.Wire;
using static Offline.Protocol.Tests.Vectors.VectorFile;

namespace Offline.Protocol.Tests.Vectors;

/// <summary>
/// The known-answer vectors shared with the web app (tests/vectors/). Every random byte comes from
/// <see cref="DeterministicRandom"/> streams named in the inputs, consumed in the order PROTOCOL.md gives.
/// </summary>
public class KnownAnswerTests
{
    private static readonly string[] IdentitySeeds = ["offline-vector-alice", "offline-vector-bob", "offline-vector-carol"];

    [Fact]
    public void Random_Stream_MatchesVector() => Check(
        "random.json",
        "DeterministicRandom: block i = SHA-256(seed || uint32be(i)); the first 100 bytes of the stream.",
        () => new JsonObject { ["seed_utf8"] = "offline-vector-random", ["length"] = 100 },
        inputs =>
        {
            var bytes = new byte[(int)inputs["length"]!];
            DeterministicRandom.FromLabel((string)inputs["seed_utf8"]!).Fill(bytes);
            return new JsonObject { ["stream"] = Hex(bytes) };
        });

    [Fact]
    public void Identity_Derivation_MatchesVector() => Check(
        "identity.json",
        "Identity from a random stream: signing scalar then DH scalar (rejection-sampled), canonical keys, fingerprint, ID.",
        () => new JsonObject { ["random_seeds_utf8"] = new JsonArray([.. IdentitySeeds.Select(s => (JsonNode)s)]) },
        inputs => new JsonObject
        {
            ["identities"] = new JsonArray([.. inputs["random_seeds_utf8"]!.AsArray().Select(seed => (JsonNode)IdentityVector((string)seed!))]),
        });

    private static JsonObject IdentityVector(string seed)
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel(seed));
        var secret = new byte[IdentityKeyPair.SerializedSize];
        identity.Serialize(secret);
        return new JsonObject
        {
            ["secret"] = Hex(secret),
            ["signing_public"] = Hex(identity.PublicKeys.SigningKey.Encoded),
            ["dh_public"] = Hex(identity.PublicKeys.DhKey.Encoded),
            ["canonical"] = Hex(identity.PublicKeys.Encoded),
            ["fingerprint"] = Hex(identity.Id.Fingerprint),
            ["id"] = identity.Id.Text,
        };
    }

    [Fact]
    public void SafetyNumber_MatchesVector() => Check(
        "safety_number.json",
        "Safety number of two identities (canonical encodings); the same whichever side computes it.",
        () => new JsonObject
        {
            ["a_canonical"] = IdentityVector(IdentitySeeds[0])["canonical"]!.DeepClone(),
            ["b_canonical"] = IdentityVector(IdentitySeeds[1])["canonical"]!.DeepClone(),
        },
        inputs =>
        {
            Assert.True(IdentityPublicKeys.TryParse(Bytes(inputs["a_canonical"]), out var a, out _));
            Assert.True(IdentityPublicKeys.TryParse(Bytes(inputs["b_canonical"]), out var b, out _));
            var number = SafetyNumber.Compute(a!, b!);
            Assert.Equal(number.Digits, SafetyNumber.Compute(b!, a!).Digits);
            return new JsonObject { ["digits"] = number.Digits, ["qr"] = number.QrText };
        });

    [Fact]
    public void PrekeyBundle_MatchesVector() => Check(
        "bundle.json",
        "A prekey set (secret form, with its ECDSA signatures, which are randomized and so are inputs) and the bundle it publishes; every signature must verify.",
        NewBundleInputs,
        inputs =>
        {
            Assert.Equal(ProtocolError.None, PrekeySet.TryDeserialize(Bytes(inputs["prekey_set"]), out var set));
            using (set)
            {
                var bundle = set!.Bundle;
                Assert.True(PrekeyBundle.TryParse(bundle.Encode(), out _, out var error), error.ToString());
                return new JsonObject
                {
                    ["bundle"] = Hex(bundle.Encode()),
                    ["id"] = bundle.Id.Text,
                    ["signed_prekey_message"] = Hex(PrekeySignature.Message(PrekeySignature.SignedPrekeyLabel, bundle.SignedPrekey.Id, bundle.SignedPrekey.PublicKey.Encoded)),
                    ["kem_prekey_message_sha256"] = Hex(System.Security.Cryptography.SHA256.HashData(PrekeySignature.Message(PrekeySignature.KemPrekeyLabel, bundle.KemPrekey.Id, bundle.KemPrekey.EncapsulationKey))),
                    ["one_time_prekey_messages"] = new JsonArray([.. bundle.OneTimePrekeys.Select(p => (JsonNode)Hex(PrekeySignature.Message(PrekeySignature.OneTimePrekeyLabel, p.Id, p.PublicKey.Encoded)))]),
                };
            }
        });

    private static JsonObject NewBundleInputs()
    {
        using var bob = IdentityKeyPair.Generate(DeterministicRandom.FromLabel(IdentitySeeds[1]));
        using var set = PrekeySet.Generate(bob, DeterministicRandom.FromLabel("offline-vector-bob-prekeys"), 2);
        return new JsonObject { ["prekey_set_random_seed_utf8"] = "offline-vector-bob-prekeys", ["prekey_set"] = Hex(set.Serialize()) };
    }

    [Fact]
    public void Handshake_MatchesVector() => Check(
        "handshake.json",
        "Alice starts a session from Bob's bundle (with its first one-time prekey) and sends one message; Bob accepts it.",
        () => new JsonObject
        {
            ["alice_secret"] = IdentityVector(IdentitySeeds[0])["secret"]!.DeepClone(),
            ["bob_secret"] = IdentityVector(IdentitySeeds[1])["secret"]!.DeepClone(),
            ["bob_prekey_set"] = Load("bundle.json")["inputs"]!["prekey_set"]!.DeepClone(),
            ["alice_random_seed_utf8"] = "offline-vector-alice-session",
            ["bob_random_seed_utf8"] = "offline-vector-bob-session",
            ["plaintext_utf8"] = "signal's down — switching to this",
        },
        inputs =>
        {
            using var conversation = VectorConversation.Start(inputs, out var first, out var bobPlaintext);
            var reader = first.AsSpan();
            return new JsonObject
            {
                ["prekey_header"] = Hex(reader[..PrekeyHeader.Size]),
                ["first_message"] = Hex(first),
                ["conversation_secret"] = Hex(conversation.Alice.ConversationSecret),
                ["bob_plaintext_utf8"] = Encoding.UTF8.GetString(bobPlaintext),
            };
        });

    [Fact]
    public void Ratchet_OutOfOrderConversation_MatchesVector() => Check(
        "ratchet.json",
        "After the handshake vector, events run in order; each side draws ratchet keys from its own stream as it receives. Wire bytes must match exactly.",
        () =>
        {
            var inputs = Load("handshake.json")["inputs"]!.DeepClone().AsObject();
            var events = new JsonArray();
            void Send(string from, string id, string text) => events.Add(new JsonObject { ["op"] = "send", ["from"] = from, ["id"] = id, ["text"] = text });
            void Receive(string to, string id) => events.Add(new JsonObject { ["op"] = "receive", ["to"] = to, ["id"] = id });
            Send("alice", "a1", "before the reply, still with the handshake");
            Receive("bob", "a1");
            Send("bob", "b1", "first reply");
            Send("bob", "b2", "second reply");
            Send("bob", "b3", "third reply");
            Receive("alice", "b3");
            Send("alice", "a2", "got your third");
            Receive("alice", "b1");
            Receive("bob", "a2");
            Send("bob", "b4", "new chain");
            Receive("alice", "b4");
            Receive("alice", "b2");
            Send("alice", "a3", "all caught up");
            Receive("bob", "a3");
            inputs["events"] = events;
            return inputs;
        },
        inputs =>
        {
            using var conversation = VectorConversation.Start(inputs, out _, out _);
            var wires = new JsonObject();
            var received = new JsonArray();
            var sent = new Dictionary<string, byte[]>();
            foreach (var e in inputs["events"]!.AsArray())
            {
                var id = (string)e!["id"]!;
                if ((string)e["op"]! == "send")
                {
                    var session = (string)e["from"]! == "alice" ? conversation.Alice : conversation.Bob;
                    sent[id] = session.Encrypt(Encoding.UTF8.GetBytes((string)e["text"]!));
                    wires[id] = Hex(sent[id]);
                }
                else
                {
                    var alice = (string)e["to"]! == "alice";
                    var error = (alice ? conversation.Alice : conversation.Bob).TryDecrypt(sent[id], alice ? conversation.AliceRandom : conversation.BobRandom, out var plaintext);
                    Assert.Equal(ProtocolError.None, error);
                    received.Add(new JsonObject { ["to"] = (string)e["to"]!, ["id"] = id, ["text"] = Encoding.UTF8.GetString(plaintext!) });
                }
            }

            return new JsonObject { ["wire"] = wires, ["received"] = received };
        });

    [Fact]
    public void Padding_MatchesVector() => Check(
        "padding.json",
        "Padding: content || 0x80 || zeros to (smallest bucket ≥ content + 1 + reserve) − reserve.",
        () => new JsonObject
        {
            ["cases"] = new JsonArray(
                new JsonObject { ["content"] = "", ["reserve"] = 1000 },
                new JsonObject { ["content"] = "68656c6c6f", ["reserve"] = 1000 },
                new JsonObject { ["content"] = "00800000", ["reserve"] = 1010 },
                new JsonObject { ["content"] = Hex(new byte[23]), ["reserve"] = 1000 },
                new JsonObject { ["content"] = Hex(new byte[24]), ["reserve"] = 1000 }),
        },
        inputs => new JsonObject
        {
            ["padded"] = new JsonArray([.. inputs["cases"]!.AsArray().Select(c => (JsonNode)Hex(Padding.Pad(Bytes(c!["content"]), (int)c["reserve"]!)))]),
        });

    [Fact]
    public void SealedEnvelope_MatchesVector() => Check(
        "sealed.json",
        "Alice seals content to Bob; the ephemeral key is drawn from the named stream.",
        () => new JsonObject
        {
            ["sender_secret"] = IdentityVector(IdentitySeeds[0])["secret"]!.DeepClone(),
            ["recipient_secret"] = IdentityVector(IdentitySeeds[1])["secret"]!.DeepClone(),
            ["random_seed_utf8"] = "offline-vector-seal",
            ["content"] = Hex(Encoding.UTF8.GetBytes("→ user Y · opaque blob")),
        },
        inputs =>
        {
            using var sender = IdentityKeyPair.Deserialize(Bytes(inputs["sender_secret"]));
            using var recipient = IdentityKeyPair.Deserialize(Bytes(inputs["recipient_secret"]));
            var envelope = SealedEnvelope.Seal(sender, recipient.PublicKeys, Bytes(inputs["content"]), DeterministicRandom.FromLabel((string)inputs["random_seed_utf8"]!));
            Assert.Equal(ProtocolError.None, SealedEnvelope.TryOpen(recipient, envelope, out var from, out _));
            Assert.Equal(sender.PublicKeys, from);
            return new JsonObject { ["envelope"] = Hex(envelope) };
        });

    [Fact]
    public void Content_MatchesVector() => Check(
        "content.json",
        "Content messages (before padding).",
        () => new JsonObject { ["id"] = Hex([.. Enumerable.Range(0, 16).Select(i => (byte)i)]), ["target"] = Hex([.. Enumerable.Range(16, 16).Select(i => (byte)i)]), ["sent_at_ms"] = 1_780_000_000_000 },
        inputs =>
        {
            var id = Bytes(inputs["id"]);
            var target = Bytes(inputs["target"]);
            var at = (ulong)(long)inputs["sent_at_ms"]!;
            return new JsonObject
            {
                ["text"] = Hex(ContentMessage.Text(id, at, "hi").Encode()),
                ["reply"] = Hex(ContentMessage.Text(id, at, "re: hi", target).Encode()),
                ["read_receipt"] = Hex(ContentMessage.ReadReceipt(id, at, [target]).Encode()),
                ["typing"] = Hex(ContentMessage.Typing(id, at, true).Encode()),
                ["reaction"] = Hex(ContentMessage.Reaction(id, at, target, "🔥").Encode()),
                ["delete_for_everyone"] = Hex(ContentMessage.Delete(id, at, target, true).Encode()),
                ["cover"] = Hex(ContentMessage.Cover(id).Encode()),
            };
        });

    private sealed class VectorConversation : IDisposable
    {
        private readonly IdentityKeyPair alice;
        private readonly IdentityKeyPair bob;
        private readonly PrekeySet prekeys;

        private VectorConversation(IdentityKeyPair alice, IdentityKeyPair bob, PrekeySet prekeys, RatchetSession aliceSession, RatchetSession bobSession, IRandomSource aliceRandom, IRandomSource bobRandom)
        {
            this.alice = alice;
            this.bob = bob;
            this.prekeys = prekeys;
            Alice = aliceSession;
            Bob = bobSession;
            AliceRandom = aliceRandom;
            BobRandom = bobRandom;
        }

        public RatchetSession Alice { get; }

        public RatchetSession Bob { get; }

        public IRandomSource AliceRandom { get; }

        public IRandomSource BobRandom { get; }

        public static VectorConversation Start(JsonObject inputs, out byte[] first, out byte[] bobPlaintext)
        {
            var alice = IdentityKeyPair.Deserialize(Bytes(inputs["alice_secret"]));
            var bob = IdentityKeyPair.Deserialize(Bytes(inputs["bob_secret"]));
            Assert.Equal(ProtocolError.None, PrekeySet.TryDeserialize(Bytes(inputs["bob_prekey_set"]), out var prekeys));
            var aliceRandom = DeterministicRandom.FromLabel((string)inputs["alice_random_seed_utf8"]!);
            var bobRandom = DeterministicRandom.FromLabel((string)inputs["bob_random_seed_utf8"]!);
            var offered = prekeys!.Bundle.WithOneTimePrekeys([prekeys.Bundle.OneTimePrekeys[0]]);
            Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(alice, offered, bob.Id, aliceRandom, out var aliceSession));
            first = aliceSession!.Encrypt(Encoding.UTF8.GetBytes((string)inputs["plaintext_utf8"]!));
            Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(bob, new InMemoryPrekeyStore(prekeys), first, bobRandom, out var bobSession, out var plaintext));
            bobPlaintext = plaintext!;
            return new VectorConversation(alice, bob, prekeys, aliceSession, bobSession!, aliceRandom, bobRandom);
        }

        public void Dispose()
        {
            Alice.Dispose();
            Bob.Dispose();
            prekeys.Dispose();
            alice.Dispose();
            bob.Dispose();
        }
    }
}
