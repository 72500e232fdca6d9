using System.Security.Cryptography;
using Offline.Client.Account;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Media;
using Offline.Client.Messaging;
using Offline.Client.Storage;
using Offline.Protocol;
using Offline.Protocol.Attachments;
using Offline.Protocol.Content;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Client.Tests.Messaging;

/// <summary>Image and voice-note messages through two real messengers (no relay: the chunks' travel is tested end to end).</summary>
public class MessengerAttachmentTests
{
    private sealed class User : IDisposable
    {
        private readonly TempHome home = new();
        private readonly EncryptedStore store;
        private readonly LocalAccount account;

        public User()
        {
            store = EncryptedStore.Create(home.Path, "pass");
            account = LocalAccount.Create(store, SystemRandom.Instance);
            Messenger = new Messenger(store, account, SystemRandom.Instance, TimeProvider.System);
            Messenger.Composed = (_, envelope, _) => Sent.Add(envelope);
        }

        public Messenger Messenger { get; private set; }

        public List<OutboundEnvelope> Sent { get; } = [];

        /// <summary>A new messenger over the same store, as a new process would have after a crash.</summary>
        public void Restart()
        {
            Messenger = new Messenger(store, account, SystemRandom.Instance, TimeProvider.System);
            Messenger.Composed = (_, envelope, _) => Sent.Add(envelope);
        }

        public EncryptedStore Store => store;

        public TempHome Home => home;

        public PrekeyBundle PublishedBundle() => account.Bundle.WithOneTimePrekeys([account.Bundle.OneTimePrekeys[0]]);

        public Contact Contact(string name) => Messenger.Contacts.FindByName(name)!;

        public void Dispose()
        {
            account.Dispose();
            store.Dispose();
            home.Dispose();
        }
    }

    private static InboundResult Deliver(User to, OutboundEnvelope envelope) => to.Messenger.Receive(envelope.Address, envelope.Ciphertext);

    private static (User Alice, User Bob) Introduced()
    {
        var alice = new User();
        var bob = new User();
        alice.Messenger.AddContact("bob", bob.Messenger.Id, bob.PublishedBundle());
        var (_, hello) = alice.Messenger.SendText(alice.Contact("bob"), "hi bob");
        var first = Deliver(bob, hello);
        bob.Messenger.Contacts.Save(first.Contact! with { Name = "alice", IsRequest = false });
        var (_, reply) = bob.Messenger.SendText(bob.Contact("alice"), "hi alice");
        Assert.Equal(ProtocolError.None, Deliver(alice, reply).Error);
        return (alice, bob);
    }

    private static SanitizedImage Picture() => new(RandomNumberGenerator.GetBytes(40_000), 800, 600);

    [Fact]
    public void SendImage_StagesChunksAndOwnCopy_MessageOnlyAfterUpload()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        var picture = Picture();
        var sentBefore = alice.Sent.Count;

        var message = alice.Messenger.SendImage(alice.Contact("bob"), picture, "the view");

        Assert.Equal(sentBefore, alice.Sent.Count); // nothing composed while chunks are not stored
        Assert.Equal(AttachmentState.Uploading, message.Attachment!.State);
        Assert.Equal(picture.Jpeg, alice.Messenger.Items.Get(message.Id));
        var upload = Assert.Single(alice.Messenger.Uploads.Pending());
        Assert.Equal(AttachmentLimits.ChunkCountFor(picture.Jpeg.Length), upload.ChunkCount);
        Assert.Equal(upload.ChunkCount, alice.Messenger.StagedAttachment(upload)!.Chunks.Count);

        var envelope = alice.Messenger.ComposeUploaded(upload);

        Assert.NotNull(envelope);
        Assert.Equal(message.Id, envelope.ContentId);
        Assert.Equal(0, alice.Messenger.Uploads.Count);
        Assert.Equal(AttachmentState.Ready, alice.Messenger.Chat(alice.Contact("bob")).Find(message.Id)!.Attachment!.State);
    }

    [Fact]
    public void ReceivedImage_StoredAtOnceAsDownloading_ThenReadyWithTheItem()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        var picture = Picture();
        var message = alice.Messenger.SendImage(alice.Contact("bob"), picture, "caption here");
        var chunks = alice.Messenger.StagedAttachment(alice.Messenger.Uploads.Find(message.Id)!)!.Chunks;
        var envelope = alice.Messenger.ComposeUploaded(alice.Messenger.Uploads.Find(message.Id)!)!;

        var result = Deliver(bob, envelope);

        Assert.Equal(ProtocolError.None, result.Error);
        var received = bob.Messenger.Chat(bob.Contact("alice")).Find(message.Id)!;
        Assert.Equal("caption here", received.Text);
        Assert.Equal((AttachmentKind.Image, AttachmentState.Downloading, 800, 600), (received.Attachment!.Kind, received.Attachment.State, received.Attachment.Width, received.Attachment.Height));
        var download = Assert.Single(bob.Messenger.Downloads.All);
        var pointer = bob.Messenger.PointerOf(download)!;
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(pointer, [.. chunks], out var item));

        bob.Messenger.CompleteDownload(download, item);

        Assert.Equal(picture.Jpeg, bob.Messenger.Items.Get(message.Id));
        Assert.Equal(AttachmentState.Ready, bob.Messenger.Chat(bob.Contact("alice")).Find(message.Id)!.Attachment!.State);
        Assert.Equal(0, bob.Messenger.Downloads.Count);
    }

    [Fact]
    public void SameContentComposedTwice_ShownOnce_FetchedOnce()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        var message = alice.Messenger.SendImage(alice.Contact("bob"), Picture(), null);
        var upload = alice.Messenger.Uploads.Find(message.Id)!;
        var first = alice.Messenger.ComposeUploaded(upload)!;

        // A crash after the content message joined the outbox but before the staged upload was dropped
        // composes it again under the same id: a second ratchet message carrying the same content.
        alice.Messenger.Uploads.Save(upload);
        var second = alice.Messenger.ComposeUploaded(alice.Messenger.Uploads.Find(message.Id)!)!;

        Assert.False(Deliver(bob, first).IsDuplicate);
        Assert.True(Deliver(bob, second).IsDuplicate);
        Assert.Single(bob.Messenger.Chat(bob.Contact("alice")).Messages, m => m.Id == message.Id);
        Assert.Single(bob.Messenger.Downloads.All);
        Assert.Equal(ProtocolError.DuplicateMessage, Deliver(bob, first).Error); // the same ratchet message replayed
        Assert.Single(bob.Messenger.Downloads.All);
    }

    [Fact]
    public void StagedUpload_AfterARestart_RebuildsTheSameChunks_AndKeepsItsDoneSet()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        var picture = Picture();
        var message = alice.Messenger.SendImage(alice.Contact("bob"), picture, null);
        var before = alice.Messenger.Uploads.Find(message.Id)!;
        var first = alice.Messenger.StagedAttachment(before)!;
        Assert.Same(first, alice.Messenger.StagedAttachment(before)); // the same process re-puts the same chunks
        alice.Messenger.RecordUploaded(message.Id, [0]);
        Assert.Equal([0], alice.Messenger.Uploads.Find(message.Id)!.Done);

        alice.Restart();
        var again = alice.Messenger.StagedAttachment(alice.Messenger.Uploads.Find(message.Id)!)!;

        var after = alice.Messenger.Uploads.Find(message.Id)!;
        Assert.Equal(before.Reference, after.Reference); // the same key: the chunk already on the relay counts
        Assert.Equal([0], after.Done);
        Assert.Equal(first.Chunks.Count, again.Chunks.Count);
        Assert.All(Enumerable.Range(0, first.Chunks.Count), i => Assert.Equal(first.Chunks[i], again.Chunks[i]));
        Assert.All(Enumerable.Range(0, first.Chunks.Count), i => Assert.Equal(first.Addresses[i], again.Addresses[i]));
        Deliver(bob, alice.Messenger.ComposeUploaded(after)!);
        var download = Assert.Single(bob.Messenger.Downloads.All);
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(bob.Messenger.PointerOf(download)!, [.. again.Chunks], out var item));
        Assert.Equal(picture.Jpeg, item);
    }

    [Fact]
    public void VoiceNote_CarriesDurationAndWaveform()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        byte[] waveform = [0, 64, 128, 255, 12];
        var message = alice.Messenger.SendVoiceNote(alice.Contact("bob"), RandomNumberGenerator.GetBytes(20_000), MediaType.OggOpus, 12_345, waveform);

        Deliver(bob, alice.Messenger.ComposeUploaded(alice.Messenger.Uploads.Find(message.Id)!)!);

        var attachment = bob.Messenger.Chat(bob.Contact("alice")).Find(message.Id)!.Attachment!;
        Assert.Equal((AttachmentKind.Voice, 12_345, (byte)MediaType.OggOpus), (attachment.Kind, attachment.DurationMs!.Value, attachment.MediaType));
        Assert.Equal(waveform, attachment.Waveform);
    }

    [Fact]
    public void MalformedPointer_MessageKeptAsUnavailable_ChatGoesOn()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(new byte[10], MediaType.Jpeg, out var encrypted));
        var id = RandomNumberGenerator.GetBytes(ContentMessage.IdSize);
        var content = ContentMessage.Image(id, 1, encrypted!.Pointer);
        var bytes = content.Encode();
        bytes[bytes.AsSpan().IndexOf(encrypted.Pointer.Encode())] = 0x7F; // the pointer's version byte

        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(bytes, out var altered));
        Assert.Equal(ProtocolError.None, Deliver(bob, alice.Messenger.Compose(alice.Contact("bob"), altered!)).Error);
        var (_, later) = alice.Messenger.SendText(alice.Contact("bob"), "still here");
        Assert.Equal(ProtocolError.None, Deliver(bob, later).Error);

        var chat = bob.Messenger.Chat(bob.Contact("alice"));
        Assert.Equal(AttachmentState.Unavailable, chat.Find(Convert.ToHexStringLower(id))!.Attachment!.State);
        Assert.Equal("still here", chat.Messages[^1].Text);
        Assert.Equal(0, bob.Messenger.Downloads.Count);
    }

    [Fact]
    public void Delete_MessageOrChat_DeletesTheItem()
    {
        var (alice, bob) = Introduced();
        using var a = alice;
        using var b = bob;
        var contact = alice.Contact("bob");
        var first = alice.Messenger.SendImage(contact, Picture(), null);
        var second = alice.Messenger.SendImage(contact, Picture(), null);

        alice.Messenger.Delete(contact, first.Id, forEveryone: false);

        Assert.Null(alice.Messenger.Items.Get(first.Id));
        Assert.Null(alice.Messenger.Chat(contact).Find(first.Id)!.Attachment!.Reference);
        Assert.NotNull(alice.Messenger.Items.Get(second.Id));
        Assert.Null(alice.Messenger.ComposeUploaded(alice.Messenger.Uploads.Find(first.Id)!)); // a deleted message is never sent

        alice.Messenger.DeleteChat(contact, forEveryone: false);

        Assert.Null(alice.Messenger.Items.Get(second.Id));
        Assert.Empty(alice.Store.Names("item/"));
    }
}
