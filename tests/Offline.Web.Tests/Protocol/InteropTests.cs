using System.Text;
using System.Text.Json.Nodes;
using Offline.Protocol;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Sealing;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Protocol;

/// <summary>
/// The C# library (Offline.Protocol) and the browser talk to each other with fresh random keys, each side
/// from its own system random source. Bytes cross as hex through page.EvaluateAsync.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InteropTests(BrowserFixture browser)
{
    private static readonly SystemRandom Random = SystemRandom.Instance;

    [Fact]
    public async Task CSharpInitiates_BrowserResponds_BothDirectionsDecrypt()
    {
        var page = await browser.OpenAppAsync();
        try
        {
            // The browser publishes; C# verifies the browser's signatures and the self-certifying ID.
            var published = await PageScript.RunAsync(page, "Interop/bob_publishes.js", null);
            Assert.True(PrekeyBundle.TryParse(Hex(published["bundle"]), out var bundle, out var parseError), parseError.ToString());
            Assert.True(OfflineId.TryParse((string)published["id"]!, out var bobId, out _));
            Assert.Equal(bobId, bundle!.Id);

            using var alice = IdentityKeyPair.Generate(Random);
            var offered = bundle.WithOneTimePrekeys([bundle.OneTimePrekeys[1]]);
            Assert.Equal(ProtocolError.None, SessionInitiator.TryStart(alice, offered, bobId!, Random, out var session));
            using var aliceSession = session!;
            var first = aliceSession.Encrypt("hello from C#"u8);
            var second = aliceSession.Encrypt("second from C#"u8);
            var sealedEnvelope = SealedEnvelope.Seal(alice, bundle.Identity, "sealed by C#"u8, Random);

            var accepted = await PageScript.RunAsync(page, "Interop/bob_accepts.js", new JsonObject
            {
                ["first"] = Convert.ToHexStringLower(first),
                ["second"] = Convert.ToHexStringLower(second),
                ["alice_canonical"] = Convert.ToHexStringLower(alice.PublicKeys.Encoded),
                ["sealed"] = Convert.ToHexStringLower(sealedEnvelope),
            });
            Assert.Equal("hello from C#", (string)accepted["first"]!);
            Assert.Equal("second from C#", (string)accepted["second"]!);
            Assert.Equal(Convert.ToHexStringLower(aliceSession.ConversationSecret), (string)accepted["conversation_secret"]!);
            Assert.Equal(SafetyNumber.Compute(alice.PublicKeys, bundle.Identity).Digits, (string)accepted["safety_number"]!);
            Assert.True((bool)accepted["sealed_sender_is_alice"]!);
            Assert.Equal("sealed by C#", (string)accepted["sealed_content"]!);

            // The browser's replies, out of order: C# decrypts the second from a skipped key after the first.
            var replies = accepted["replies"]!.AsArray().Select(Hex).ToArray();
            Assert.Equal("reply two from the browser", Decrypt(aliceSession, replies[1]));
            Assert.Equal("reply one from the browser", Decrypt(aliceSession, replies[0]));
            Assert.False(aliceSession.AwaitingFirstReply);
            Assert.Equal(ProtocolError.None, SealedEnvelope.TryOpen(alice, Hex(accepted["sealed_back"]), out var sealedBy, out var sealedContent));
            Assert.Equal(bundle.Identity, sealedBy);
            Assert.Equal("sealed by the browser", Encoding.UTF8.GetString(sealedContent!));

            var third = aliceSession.Encrypt("a new chain from C#"u8);
            var received = await PageScript.RunAsync(page, "Interop/bob_receives.js", new JsonObject { ["message"] = Convert.ToHexStringLower(third) });
            Assert.Equal("a new chain from C#", (string)received["text"]!);
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task BrowserInitiates_CSharpResponds_BothDirectionsDecrypt()
    {
        using var bob = IdentityKeyPair.Generate(Random);
        using var prekeys = PrekeySet.Generate(bob, Random, 2);
        var store = new InMemoryPrekeyStore(prekeys);
        var page = await browser.OpenAppAsync();
        try
        {
            var started = await PageScript.RunAsync(page, "Interop/alice_initiates.js", new JsonObject
            {
                ["bundle"] = Convert.ToHexStringLower(prekeys.Bundle.WithOneTimePrekeys([prekeys.Bundle.OneTimePrekeys[0]]).Encode()),
                ["id"] = bob.Id.Text,
            });
            var messages = started["messages"]!.AsArray().Select(Hex).ToArray();
            Assert.Equal(ProtocolError.None, SessionResponder.TryAccept(bob, store, messages[0], Random, out var session, out var plaintext));
            using var bobSession = session!;
            Assert.Equal("hello from the browser", Encoding.UTF8.GetString(plaintext!));
            Assert.Equal("and again", Decrypt(bobSession, messages[1]));
            Assert.Equal((string)started["conversation_secret"]!, Convert.ToHexStringLower(bobSession.ConversationSecret));
            Assert.True(IdentityPublicKeys.TryParse(Hex(started["canonical"]), out var aliceKeys, out _));
            Assert.Equal(aliceKeys, bobSession.RemoteIdentity);

            // The C# reply ends the browser's handshake prefix.
            var reply = bobSession.Encrypt("reply from C#"u8);
            var answered = await PageScript.RunAsync(page, "Interop/alice_receives_and_replies.js", new JsonObject { ["message"] = Convert.ToHexStringLower(reply) });
            Assert.Equal("reply from C#", (string)answered["text"]!);
            Assert.False((bool)answered["awaiting_first_reply"]!);
            Assert.False((bool)answered["next_has_prekey_header"]!);
            Assert.Equal("after your reply", Decrypt(bobSession, Hex(answered["next"])));
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }

    private static string Decrypt(Offline.Protocol.Ratchet.RatchetSession session, byte[] message)
    {
        Assert.Equal(ProtocolError.None, session.TryDecrypt(message, Random, out var plaintext));
        return Encoding.UTF8.GetString(plaintext!);
    }

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString((string)node!);
}
