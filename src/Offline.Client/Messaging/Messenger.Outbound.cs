using System.Buffers.Binary;
using System.Security.Cryptography;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Storage;
using Offline.Protocol.Content;
using Offline.Protocol.Handshake;
using Offline.Protocol.Primitives;
using Offline.Protocol.Sealing;
using Offline.Protocol.Wire;

namespace Offline.Client.Messaging;

public sealed partial class Messenger
{
    /// <summary>Ratchet header (75) and AES-GCM tag (16): what the ratchet adds to a padded plaintext.</summary>
    private const int RatchetOverhead = 75 + Aes256Gcm.TagSize;

    /// <summary>Ratchet header: version (1) || type (1) || ratchet key (65) || previous chain length (4) || index (4).</summary>
    private const int RatchetIndexOffset = 2 + P256PublicKey.EncodedSize + 4;

    /// <summary>Called with every envelope as soon as it is sealed (the client's outbox stores it there).</summary>
    public Action<Contact, OutboundEnvelope, ContentKind>? Composed { get; set; }

    /// <summary>Sends text (optionally replying) and records it in the chat.</summary>
    public (ChatMessage Message, OutboundEnvelope Envelope) SendText(Contact contact, string text, string? replyTo = null)
    {
        var id = RandomNumberGenerator.GetBytes(ContentMessage.IdSize);
        var content = ContentMessage.Text(id, NowMs(), text, replyTo is null ? default : Convert.FromHexString(replyTo));
        var envelope = Compose(contact, content);
        var message = new ChatMessage { Id = Convert.ToHexStringLower(id), Outgoing = true, Text = text, SentAtMs = content.SentAtMs, ReplyTo = replyTo };
        Chat(contact).Append(message);
        return (message, envelope);
    }

    public OutboundEnvelope SendReaction(Contact contact, string targetId, string emoji)
    {
        var envelope = Compose(contact, ContentMessage.Reaction(RandomNumberGenerator.GetBytes(ContentMessage.IdSize), NowMs(), Convert.FromHexString(targetId), emoji));
        Chat(contact).Update(targetId, m => m with { Reactions = new(m.Reactions) { ["me"] = emoji } });
        return envelope;
    }

    /// <summary>Deletes locally; with <paramref name="forEveryone"/> also asks the contact's device to delete it.</summary>
    public OutboundEnvelope? Delete(Contact contact, string targetId, bool forEveryone)
    {
        Chat(contact).MarkDeleted(targetId);
        return forEveryone
            ? Compose(contact, ContentMessage.Delete(RandomNumberGenerator.GetBytes(ContentMessage.IdSize), NowMs(), Convert.FromHexString(targetId), true))
            : null;
    }

    /// <summary>Clears the chat here; with <paramref name="forEveryone"/> also asks the contact's device to clear it.</summary>
    public OutboundEnvelope? DeleteChat(Contact contact, bool forEveryone)
    {
        var envelope = forEveryone ? Compose(contact, ContentMessage.ChatDelete(RandomNumberGenerator.GetBytes(ContentMessage.IdSize), NowMs())) : null;
        Chat(contact).Clear();
        return envelope;
    }

    public OutboundEnvelope SendReadReceipt(Contact contact, IEnumerable<string> readIds) =>
        Compose(contact, ContentMessage.ReadReceipt(RandomNumberGenerator.GetBytes(ContentMessage.IdSize), NowMs(), readIds.Select(Convert.FromHexString)));

    public OutboundEnvelope SendTyping(Contact contact, bool typing) =>
        Compose(contact, ContentMessage.Typing(RandomNumberGenerator.GetBytes(ContentMessage.IdSize), NowMs(), typing));

    /// <summary>
    /// (1) encode and pad so the final frame is exactly one bucket; (2) ratchet-encrypt and save the session
    /// at once; (3) seal to the contact; (4) address it: the introduction mailbox until the contact has
    /// answered (the handshake still rides along), the conversation queue after.
    /// </summary>
    public OutboundEnvelope Compose(Contact contact, ContentMessage content)
    {
        using var record = LoadRecord(contact) ?? throw new StoreException(StoreError.Corrupt);
        var session = record.Current!;
        var firstContact = session.AwaitingFirstReply;
        var reserve = RelayWire.HeaderSize + SendRequest.Overhead + SealedEnvelope.Overhead + RatchetOverhead + (firstContact ? PrekeyHeader.Size : 0);
        var padded = Padding.Pad(content.Encode(), reserve);
        var ratchetMessage = session.Encrypt(padded);
        var index = BinaryPrimitives.ReadUInt32BigEndian(ratchetMessage.AsSpan((firstContact ? PrekeyHeader.Size : 0) + RatchetIndexOffset));
        CryptographicOperations.ZeroMemory(padded);
        SaveRecord(contact, record);

        var recipient = KeysOf(contact);
        var sealedEnvelope = SealedEnvelope.Seal(account.Identity, recipient, ratchetMessage, random);
        var address = firstContact
            ? IntroductionAddress.For(Offline.Protocol.Identity.OfflineId.Parse(contact.Id).Fingerprint)
            : ConversationAddress.For(session.ConversationSecret, recipient);
        var envelope = new OutboundEnvelope(address, sealedEnvelope, firstContact, index, Convert.ToHexStringLower(content.MessageId));

        // (5) hand it to the outbox now: after the session is saved (a key is never reused) and before
        // the chat records it as sent, so what the user sees as sent is never lost.
        Composed?.Invoke(contact, envelope, content.Kind);
        return envelope;
    }
}
