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
        var queueOwner = Contacts.All.FirstOrDefault(c => InboundAddress(c).AsSpan().SequenceEqual(addressed));
        if (queueOwner is not null && queueOwner.Id != sender!.Id.Text)
        {
            return new InboundResult(ProtocolError.SenderMismatch);
        }

        var contact = Contacts.FindById(sender!.Id.Text);
        var existing = contact is null ? null : LoadSession(contact);
        using (existing)
        {
            byte[]? padded = null;
            RatchetSession? accepted = null;
            error = existing?.TryDecrypt(inner, random, out padded) ?? ProtocolError.NewSession;
            if (error == ProtocolError.NewSession && PrekeyHeader.IsPrekeyMessage(inner))
            {
                error = SessionResponder.TryAccept(account.Identity, account.Prekeys, inner, random, out accepted, out padded);
            }

            using (accepted)
            {
                if (error != ProtocolError.None)
                {
                    return new InboundResult(error, contact);
                }

                return Apply(sender, contact, accepted ?? existing!, accepted is not null, padded!);
            }
        }
    }

    private InboundResult Apply(IdentityPublicKeys sender, Contact? contact, RatchetSession session, bool newSession, byte[] padded)
    {
        if (!Padding.TryUnpad(padded, out var encoded))
        {
            return new InboundResult(ProtocolError.InvalidPadding, contact);
        }

        var error = ContentMessage.TryParse(encoded, out var content);
        CryptographicOperations.ZeroMemory(padded);
        if (error != ProtocolError.None)
        {
            return new InboundResult(error, contact);
        }

        QueueRegistration? newQueue = null;
        if (contact is null)
        {
            contact = new Contact
            {
                Name = sender.Id.Text[..12],
                Id = sender.Id.Text,
                IdentityKeys = Convert.ToHexStringLower(sender.Encoded),
                InboundSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize)),
                IsRequest = true,
            };
            Contacts.Save(contact);
        }

        SaveSession(contact, session);
        if (newSession)
        {
            newQueue = new QueueRegistration(InboundAddress(contact), Convert.FromHexString(contact.InboundSecret));
        }

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
            case ContentKind.ReadReceipt:
                targets.ForEach(t => chat.Update(t, m => m.Outgoing ? m with { Read = true } : m));
                return true;
            case ContentKind.Reaction when targets.Count == 1:
                return chat.Update(targets[0], m => m with { Reactions = new(m.Reactions) { ["them"] = content.Body ?? string.Empty } });
            case ContentKind.Delete when targets.Count == 1 && content.ForEveryone:
                return chat.Update(targets[0], m => m with { Deleted = true, Text = string.Empty });
            default:
                // Typing, cover and kinds from newer versions change nothing stored.
                return true;
        }
    }
}
