using Offline.Client.Account;
using Offline.Client.Contacts;
using Offline.Client.Messaging;
using Offline.Client.Storage;
using Offline.Protocol;
using Offline.Protocol.Content;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;

namespace Offline.Client.Tests.Messaging;

public class MessengerTests
{
    /// <summary>One user: a home directory, an unlocked store, an account and a messenger; reopenable.</summary>
    private sealed class User : IDisposable
    {
        private readonly TempHome home = new();
        private EncryptedStore store;
        private LocalAccount account;

        public User()
        {
            store = EncryptedStore.Create(home.Path, "pass");
            account = LocalAccount.Create(store, SystemRandom.Instance);
            Messenger = new Messenger(store, account, SystemRandom.Instance, TimeProvider.System);
        }

        public Messenger Messenger { get; private set; }

        public IdentityKeyPair Identity => account.Identity;

        public PrekeyBundle PublishedBundle() => account.Bundle.WithOneTimePrekeys([account.Bundle.OneTimePrekeys[0]]);

        public TempHome Home => home;

        public void Restart()
        {
            account.Dispose();
            store.Dispose();
            store = EncryptedStore.Open(home.Path, "pass");
            account = LocalAccount.Load(store);
            Messenger = new Messenger(store, account, SystemRandom.Instance, TimeProvider.System);
        }

        public Contact Contact(string name) => Messenger.Contacts.FindByName(name)!;

        public void Dispose()
        {
            account.Dispose();
            store.Dispose();
            home.Dispose();
        }
    }

    private static InboundResult Deliver(User to, OutboundEnvelope envelope)
    {
        var result = to.Messenger.Receive(envelope.Address, envelope.Ciphertext);
        Assert.Equal(ProtocolError.None, result.Error);
        return result;
    }

    private static void AssertFillsOneFrame(OutboundEnvelope envelope) =>
        Assert.Contains(envelope.Ciphertext.Length, Limits.Buckets.Select(SendRequest.CiphertextCapacity));

    private static (User Alice, User Bob) Introduced()
    {
        var alice = new User();
        var bob = new User();
        alice.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
        var (_, hello) = alice.Messenger.SendText(alice.Contact("bob"), "hi bob");
        var first = Deliver(bob, hello);
        bob.Messenger.Contacts.Save(first.Contact! with { Name = "alice", IsRequest = false });
        var (_, reply) = bob.Messenger.SendText(bob.Contact("alice"), "hi alice");
        Deliver(alice, reply);
        return (alice, bob);
    }

    [Fact]
    public void FirstContact_GoesToIntroductionMailboxThenConversationQueues()
    {
        using var alice = new User();
        using var bob = new User();
        var (contact, number, aliceInbound) = alice.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
        Assert.Matches("^[0-9]{5}( [0-9]{5}){5}$", number.Digits);

        var (_, hello) = alice.Messenger.SendText(contact, "signal's down — switching to this");
        Assert.True(hello.NeedsStamp);
        Assert.Equal(IntroductionAddress.For(bob.Messenger.Id.Fingerprint), hello.Address);
        AssertFillsOneFrame(hello);

        var first = Deliver(bob, hello);
        Assert.True(first.Contact!.IsRequest);
        Assert.Equal(alice.Messenger.Id.Text, first.Contact.Id);
        Assert.Equal("signal's down — switching to this", first.Content!.Body);
        Assert.NotNull(first.NewQueue);
        Assert.Equal(number.Digits, bob.Messenger.SafetyNumberOf(first.Contact).Digits);

        // Bob's reply goes to the queue Alice registered when she added him, not to any public address.
        var (_, reply) = bob.Messenger.SendText(first.Contact, "got it");
        Assert.False(reply.NeedsStamp);
        Assert.Equal(aliceInbound.Address, reply.Address);
        AssertFillsOneFrame(reply);
        Assert.Equal("got it", Deliver(alice, reply).Content!.Body);

        // From now on Alice writes to the queue Bob registered for her, without the handshake.
        var (_, next) = alice.Messenger.SendText(contact, "and now privately");
        Assert.False(next.NeedsStamp);
        Assert.Equal(first.NewQueue!.Address, next.Address);
        Assert.True(next.Ciphertext.Length < hello.Ciphertext.Length);
        Assert.Equal("and now privately", Deliver(bob, next).Content!.Body);
    }

    [Fact]
    public void Redelivery_IsShownOnce()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var (_, envelope) = alice.Messenger.SendText(alice.Contact("bob"), "once");
            Assert.False(Deliver(bob, envelope).IsDuplicate);
            var again = bob.Messenger.Receive(envelope.Address, envelope.Ciphertext);
            Assert.NotEqual(ProtocolError.None, again.Error);
            Assert.Single(bob.Messenger.Chat(bob.Contact("alice")).Messages, m => m.Text == "once");
        }
    }

    [Fact]
    public void RepliesReactionsReceiptsAndDeleteForEveryone_ApplyOnBothSidesAcrossRestarts()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var (question, q) = alice.Messenger.SendText(alice.Contact("bob"), "lunch at noon?");
            Deliver(bob, q);
            bob.Restart();
            alice.Restart();

            var (answer, a) = bob.Messenger.SendText(bob.Contact("alice"), "yes", replyTo: question.Id);
            Assert.Equal(question.Id, Deliver(alice, a).Content!.ReplyTo is { } r ? Convert.ToHexStringLower(r) : null);
            Deliver(alice, bob.Messenger.SendReaction(bob.Contact("alice"), question.Id, "👍"));
            Deliver(alice, bob.Messenger.SendReadReceipt(bob.Contact("alice"), [question.Id]));

            var aliceChat = alice.Messenger.Chat(alice.Contact("bob"));
            var stored = aliceChat.Find(question.Id)!;
            Assert.True(stored.Read);
            Assert.Equal("👍", stored.Reactions["them"]);
            Assert.Equal(question.Id, aliceChat.Find(answer.Id)!.ReplyTo);

            var typing = Deliver(alice, bob.Messenger.SendTyping(bob.Contact("alice"), true));
            Assert.True(typing.Content!.IsTyping);

            Deliver(bob, alice.Messenger.Delete(alice.Contact("bob"), question.Id, forEveryone: true)!);
            Assert.True(bob.Messenger.Chat(bob.Contact("alice")).Find(question.Id)!.Deleted);
            Assert.Empty(bob.Messenger.Chat(bob.Contact("alice")).Search("lunch"));
            Assert.Single(alice.Messenger.Chat(alice.Contact("bob")).Search("YES"));
        }
    }

    [Fact]
    public void DeleteChat_ForEveryone_ClearsBothSidesAndKeepsTheSession()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            Deliver(bob, alice.Messenger.SendText(alice.Contact("bob"), "to be forgotten").Envelope);
            Deliver(alice, bob.Messenger.SendText(bob.Contact("alice"), "this too").Envelope);

            Deliver(bob, alice.Messenger.DeleteChat(alice.Contact("bob"), forEveryone: true)!);
            Assert.Empty(alice.Messenger.Chat(alice.Contact("bob")).Messages);
            Assert.Empty(bob.Messenger.Chat(bob.Contact("alice")).Messages);

            // The conversation itself goes on.
            Assert.Equal("still here", Deliver(alice, bob.Messenger.SendText(bob.Contact("alice"), "still here").Envelope).Content!.Body);
        }
    }

    [Fact]
    public void Envelope_OnAnotherContactsQueue_IsRefused()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        using (var carol = new User())
        {
            carol.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
            var (_, fromCarol) = carol.Messenger.SendText(carol.Contact("bob"), "pretend to be alice");

            // Carol's envelope arrives on the queue Bob keeps for Alice: the sealed sender must match.
            var aliceQueue = bob.Messenger.InboundQueues().Single(q => !q.Address.AsSpan().SequenceEqual(IntroductionAddress.For(bob.Messenger.Id.Fingerprint)));
            Assert.Equal(ProtocolError.SenderMismatch, bob.Messenger.Receive(aliceQueue.Address, fromCarol.Ciphertext).Error);
        }
    }

    [Fact]
    public void AddContact_BundleOfSomeoneElse_IsRefused()
    {
        using var alice = new User();
        using var bob = new User();
        using var mallory = new User();
        var ex = Assert.Throws<ProtocolException>(() => alice.Messenger.AddContact("bob", bob.Messenger.Id, mallory.PublishedBundle()));
        Assert.Equal(ProtocolError.IdentityMismatch, ex.Error);
        Assert.Empty(alice.Messenger.Contacts.All);
    }

    [Fact]
    public void HomeDirectory_AfterConversation_HoldsNoTextNameOrId()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var (_, e) = alice.Messenger.SendText(alice.Contact("bob"), "the eagle lands at midnight");
            Deliver(bob, e);
            var needles = new[] { "eagle lands", "alice", alice.Messenger.Id.Text, bob.Messenger.Id.Text, "hi bob" };
            foreach (var user in new[] { alice, bob })
            {
                foreach (var (file, bytes) in user.Home.Files())
                {
                    foreach (var needle in needles)
                    {
                        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle)) < 0, $"'{needle}' in {file}");
                    }

                    Assert.True(bytes.AsSpan().IndexOf(alice.Messenger.Id.Fingerprint) < 0, $"Alice's fingerprint in {file}");
                }
            }
        }
    }

    [Fact]
    public void CoverContent_DecryptsAndStoresNothing()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var before = bob.Messenger.Chat(bob.Contact("alice")).Messages.Count;
            var cover = alice.Messenger.Compose(alice.Contact("bob"), ContentMessage.Cover(new byte[16]));
            AssertFillsOneFrame(cover);
            Assert.True(Deliver(bob, cover).IsCover);
            Assert.Equal(before, bob.Messenger.Chat(bob.Contact("alice")).Messages.Count);
        }
    }

    [Fact]
    public void SealCover_SizeOfAShortText_OpensOnlyForTheUserThemself()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            // To the relay a cover is a Send like any short text: the same ciphertext size, fresh every time.
            var text = alice.Messenger.SendText(alice.Contact("bob"), "see you at eight").Envelope;
            var cover = alice.Messenger.SealCover();
            Assert.Equal(SendRequest.CiphertextCapacity(Limits.Buckets[0]), cover.Length);
            Assert.Equal(text.Ciphertext.Length, cover.Length);
            Assert.NotEqual(cover, alice.Messenger.SealCover());

            // Sealed from the user to themself: their own key opens it and names them; nobody else's does.
            Assert.Equal(ProtocolError.None, Offline.Protocol.Sealing.SealedEnvelope.TryOpen(alice.Identity, cover, out var sender, out _));
            Assert.Equal(alice.Identity.PublicKeys, sender);
            Assert.NotEqual(ProtocolError.None, Offline.Protocol.Sealing.SealedEnvelope.TryOpen(bob.Identity, cover, out _, out _));
        }
    }

    [Fact]
    public void FirstMessage_Redelivered_IsShownOnceAndReadsAsRedelivery()
    {
        using var alice = new User();
        using var bob = new User();
        alice.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
        var (_, hello) = alice.Messenger.SendText(alice.Contact("bob"), "hello once");
        Deliver(bob, hello);
        var again = bob.Messenger.Receive(hello.Address, hello.Ciphertext);
        Assert.True(Offline.Client.Sync.RelaySession.IsRedelivery(again), again.Error.ToString());
        Assert.Single(bob.Messenger.Chat(bob.Messenger.Contacts.All.Single()).Messages);
    }

    [Fact]
    public void DeleteForEveryone_OfAMessageWeSent_IsIgnored()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var (mine, e) = bob.Messenger.SendText(bob.Contact("alice"), "bob's own words");
            Deliver(alice, e);

            // Alice asks Bob's device to delete a message Bob wrote: refused, it stays.
            var forged = alice.Messenger.Compose(alice.Contact("bob"), ContentMessage.Delete(new byte[16], 1, Convert.FromHexString(mine.Id), true));
            Deliver(bob, forged);
            Assert.False(bob.Messenger.Chat(bob.Contact("alice")).Find(mine.Id)!.Deleted);
        }
    }

    [Fact]
    public void Envelope_ReportsRatchetIndexAndFrameSize()
    {
        var (alice, bob) = Introduced();
        using (alice)
        using (bob)
        {
            var (_, first) = alice.Messenger.SendText(alice.Contact("bob"), "one");
            var (_, second) = alice.Messenger.SendText(alice.Contact("bob"), "two");
            Assert.Equal(first.RatchetIndex + 1, second.RatchetIndex);
            Assert.Equal(1024, second.FrameSize);
        }
    }

    [Fact]
    public void SimultaneousFirstContact_BothSidesConvergeAndKeepTalking()
    {
        using var alice = new User();
        using var bob = new User();
        alice.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
        bob.Messenger.AddContact("alice", alice.Messenger.Id, alice.PublishedBundle());

        // Both write before either message arrives.
        var (_, fromAlice) = alice.Messenger.SendText(alice.Contact("bob"), "alice first");
        var (_, fromBob) = bob.Messenger.SendText(bob.Contact("alice"), "bob first");
        Assert.Equal("alice first", DeliverListened(bob, fromAlice).Content!.Body);
        Assert.Equal("bob first", DeliverListened(alice, fromBob).Content!.Body);

        // Then a conversation: every message must go to a queue its recipient listens on, and open.
        for (var round = 0; round < 3; round++)
        {
            var (_, a) = alice.Messenger.SendText(alice.Contact("bob"), $"alice {round}");
            Assert.Equal($"alice {round}", DeliverListened(bob, a).Content!.Body);
            var (_, b) = bob.Messenger.SendText(bob.Contact("alice"), $"bob {round}");
            Assert.Equal($"bob {round}", DeliverListened(alice, b).Content!.Body);
        }

        bob.Restart();
        var (_, late) = alice.Messenger.SendText(alice.Contact("bob"), "after bob restarts");
        Assert.Equal("after bob restarts", DeliverListened(bob, late).Content!.Body);
    }

    /// <summary>Delivers as a relay would: only if the recipient listens on the envelope's address.</summary>
    private static InboundResult DeliverListened(User to, OutboundEnvelope envelope)
    {
        Assert.Contains(to.Messenger.InboundQueues(), q => q.Address.AsSpan().SequenceEqual(envelope.Address));
        return Deliver(to, envelope);
    }
}
