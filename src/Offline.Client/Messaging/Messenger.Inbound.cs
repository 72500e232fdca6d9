using System.Security.Cryptography;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Protocol;
using Offline.Protocol.Content;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Ratchet;
using Offline.Protocol.Sealing;
using Offline.Protocol.Wire;

namespace Offline.Client.Messaging;

public sealed partial class Messenger
{
    /// <summary>
    /// (1) unseal: who sent it; (2) if it came on a contact's conversation queue, it must be from that contact;
    /// (3) decrypt with the contact's session, or accept a new handshake; (4) unpad and parse; (5) apply to
    /// the chat and save everything. Returns an error and changes nothing when any step fails.
    /// </summary>
    public InboundResult Receive(ReadOnlySpan<byte> address, ReadOnlySpan<byte> ciphertext)
    {
        var error = SealedEnvelope.TryOpen(account.Identity, ciphertext, out var sender, out var inner);
        if (error != ProtocolError.None)
        {
            return new InboundResult(error);
        }

        var addressed = address.ToArray();
        var queueOwner = Contacts.All.FirstOrDefault(c => InboundAddresses(c).Exists(a => a.AsSpan().SequenceEqual(addressed)));
        if (queueOwner is not null && queueOwner.Id != sender!.Id.Text)
        {
            return new InboundResult(ProtocolError.SenderMismatch);
        }

        var contact = Contacts.FindById(sender!.Id.Text);
        using var record = (contact is null ? null : LoadRecord(contact)) ?? new SessionRecord();

        // The current session, then earlier ones (simultaneous first contact), then a new handshake.
        error = record.TryDecrypt(inner, random, out var padded);
        RatchetSession? accepted = null;
        if (error == ProtocolError.NewSession && PrekeyHeader.IsPrekeyMessage(inner))
        {
            error = SessionResponder.TryAccept(account.Identity, account.Prekeys, inner, random, out accepted, out padded);
        }

        if (error != ProtocolError.None)
        {
            return new InboundResult(error, contact);
        }

        return Apply(sender, contact, record, accepted, padded!);
    }

    private InboundResult Apply(IdentityPublicKeys sender, Contact? contact, SessionRecord record, RatchetSession? accepted, byte[] padded)
    {
        ContentMessage? content = null;
        var error = Padding.TryUnpad(padded, out var encoded) ? ContentMessage.TryParse(encoded, out content) : ProtocolError.InvalidPadding;
        CryptographicOperations.ZeroMemory(padded);
        if (error != ProtocolError.None)
        {
            accepted?.Dispose();
            return new InboundResult(error, contact);
        }

        contact ??= new Contact
        {
            Name = sender.Id.Text[..12],
            Id = sender.Id.Text,
            IdentityKeys = Convert.ToHexStringLower(sender.Encoded),
            InboundSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize)),
            IsRequest = true,
        };

        QueueRegistration? newQueue = null;
        if (accepted is not null)
        {
            // The accepted session becomes current (the record owns it now) and gets its own inbound queue.
            record.Promote(accepted);
            contact = WithCurrentAddress(contact, accepted);
            newQueue = new QueueRegistration(Convert.FromHexString(contact.InboundAddresses[0]), Convert.FromHexString(contact.InboundSecret));
        }

        Contacts.Save(contact);
        SaveRecord(contact, record);
        var duplicate = !ApplyContent(contact, content!);
        return new InboundResult(ProtocolError.None, contact, content, duplicate, newQueue);
    }

    /// <summary>False when the content was already applied (a redelivery).</summary>
    private bool ApplyContent(Contact contact, ContentMessage content)
    {
        var chat = Chat(contact);
        var targets = content.Targets.Select(Convert.ToHexStringLower).ToList();
        switch (content.Kind)
        {
            case ContentKind.Text:
                return chat.Append(new ChatMessage
                {
                    Id = Convert.ToHexStringLower(content.MessageId),
                    Outgoing = false,
                    Text = content.Body ?? string.Empty,
                    SentAtMs = content.SentAtMs,
                    ReplyTo = content.ReplyTo is { } r ? Convert.ToHexStringLower(r) : null,
                });
            case ContentKind.Image or ContentKind.VoiceNote:
                return ApplyAttachment(contact, chat, content);
            case ContentKind.ReadReceipt:
                targets.ForEach(t => chat.Update(t, m => m.Outgoing ? m with { Read = true } : m));
                return true;
            case ContentKind.Reaction when targets.Count == 1:
                return chat.Update(targets[0], m => m with { Reactions = new(m.Reactions) { ["them"] = content.Body ?? string.Empty } });
            case ContentKind.ChatDelete:
                // The contact deleted the chat for both of us: its history goes on this device too; the contact stays.
                chat.Clear();
                return true;
            case ContentKind.Delete when targets.Count == 1 && content.ForEveryone:
                // A contact may delete for everyone only what they wrote, never what we sent them.
                return chat.Find(targets[0]) is { Outgoing: false } && chat.MarkDeleted(targets[0]);
            default:
                // Typing, cover and kinds from newer versions change nothing stored.
                return true;
        }
    }
}
