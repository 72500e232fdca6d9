using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Protocol.Identity;

namespace Offline.Client.Messaging;

public sealed partial class Messenger
{
    /// <summary>Gives a contact (for example one who wrote first) a name; accepts them if they were a request.</summary>
    public Contact Rename(Contact contact, string name)
    {
        var renamed = contact with { Name = name, IsRequest = false };
        Contacts.Save(renamed);
        return renamed;
    }

    /// <summary>
    /// The name <paramref name="old"/> had now belongs to another ID: new keys (a reinstall, or someone
    /// else). The old contact and its session go, its history moves to the new one, and the new contact
    /// is marked unverified with <see cref="Contact.KeyChanged"/> so the user is warned until verified.
    /// </summary>
    public (Contact Contact, SafetyNumber SafetyNumber, QueueRegistration Inbound) ReplaceContact(Contact old, OfflineId id, PrekeyBundle bundle)
    {
        var history = Chat(old).Messages.ToList();
        Contacts.Remove(old.Id);
        var (contact, number, inbound) = AddContact(old.Name, id, bundle);
        contact = contact with { KeyChanged = true, Verified = false, Pinned = old.Pinned, Muted = old.Muted };
        Contacts.Save(contact);

        var chat = Chat(contact);
        foreach (var message in history)
        {
            chat.Append(message);
        }

        ChatLog.Load(store, old.Id).Clear(keepItems: true);
        DeleteRecord(old.Id);
        return (contact, number, inbound);
    }

    /// <summary>The user compared the safety number: verified, and any key-change warning cleared.</summary>
    public Contact MarkVerified(Contact contact)
    {
        var verified = contact with { Verified = true, KeyChanged = false };
        Contacts.Save(verified);
        return verified;
    }
}
