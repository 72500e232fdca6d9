using System.Security.Cryptography;
using Offline.Client.Account;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Storage;
using Offline.Protocol;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;
using Offline.Protocol.Wire;

namespace Offline.Client.Messaging;

/// <summary>
/// The client's message pipeline without any transport: contacts and sessions in, sealed envelopes out,
/// and back. Everything it accepts is in the encrypted store before it returns, so a caller that sends
/// (or acknowledges) only afterwards never loses a message.
/// </summary>
public sealed partial class Messenger
{
    private const string IntroSecretRecord = "intro-secret";
    private const string RecordPrefix = "sessions/";
    private const string LegacySessionPrefix = "session/";

    private readonly EncryptedStore store;
    private readonly LocalAccount account;
    private readonly IRandomSource random;
    private readonly TimeProvider clock;

    public Messenger(EncryptedStore store, LocalAccount account, IRandomSource random, TimeProvider clock)
    {
        this.store = store;
        this.account = account;
        this.random = random;
        this.clock = clock;
        Contacts = ContactBook.Load(store);
    }

    public ContactBook Contacts { get; }

    public OfflineId Id => account.Id;

    /// <summary>The introduction mailbox (first contacts arrive here) and every contact's conversation queues.</summary>
    public IReadOnlyList<QueueRegistration> InboundQueues()
    {
        var queues = new List<QueueRegistration> { new(IntroductionAddress.For(account.Id.Fingerprint), IntroductionSecret()) };
        foreach (var contact in Contacts.All)
        {
            var secret = Convert.FromHexString(contact.InboundSecret);
            queues.AddRange(InboundAddresses(contact).Select(address => new QueueRegistration(address, secret)));
        }

        return queues;
    }

    /// <summary>The introduction mailbox's owner secret, made once per account.</summary>
    public byte[] IntroductionSecret()
    {
        var secret = store.Get(IntroSecretRecord);
        if (secret is null)
        {
            secret = RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize);
            store.Put(IntroSecretRecord, secret);
        }

        return secret;
    }

    /// <summary>
    /// Starts a session from a fetched bundle and saves the contact. Throws <see cref="ProtocolException"/>
    /// when the bundle's keys do not hash to <paramref name="id"/> (someone substituted keys).
    /// </summary>
    public (Contact Contact, SafetyNumber SafetyNumber, QueueRegistration Inbound) AddContact(string name, OfflineId id, PrekeyBundle bundle)
    {
        var error = SessionInitiator.TryStart(account.Identity, bundle, id, random, out var session);
        if (error != ProtocolError.None)
        {
            throw new ProtocolException(error);
        }

        var previous = Contacts.FindById(id.Text);
        using var record = (previous is null ? null : LoadRecord(previous)) ?? new SessionRecord();

        // A new session becomes current; an earlier one stays in the record (its late messages still open).
        record.Promote(session!);
        var contact = new Contact
        {
            Name = name,
            Id = id.Text,
            IdentityKeys = Convert.ToHexStringLower(bundle.Identity.Encoded),
            InboundSecret = previous?.InboundSecret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize)),
            InboundAddresses = previous?.InboundAddresses ?? [],
            Verified = previous?.Verified ?? false,
            Pinned = previous?.Pinned ?? false,
            Muted = previous?.Muted ?? false,
        };
        contact = WithCurrentAddress(contact, record.Current!);
        SaveRecord(contact, record);
        Contacts.Save(contact);
        return (contact, SafetyNumber.Compute(account.Identity.PublicKeys, bundle.Identity), new QueueRegistration(ConversationAddress.For(record.Current!.ConversationSecret, account.Identity.PublicKeys), Convert.FromHexString(contact.InboundSecret)));
    }

    public ChatLog Chat(Contact contact) => ChatLog.Load(store, contact.Id);

    public SafetyNumber SafetyNumberOf(Contact contact) => SafetyNumber.Compute(account.Identity.PublicKeys, KeysOf(contact));

    private static IdentityPublicKeys KeysOf(Contact contact) =>
        IdentityPublicKeys.TryParse(Convert.FromHexString(contact.IdentityKeys), out var keys, out _) ? keys! : throw new StoreException(StoreError.Corrupt);

    /// <summary>Our inbound addresses for the contact; for a contact saved before addresses were kept, the current session's.</summary>
    private List<byte[]> InboundAddresses(Contact contact)
    {
        if (contact.InboundAddresses.Count > 0)
        {
            return [.. contact.InboundAddresses.Select(Convert.FromHexString)];
        }

        using var record = LoadRecord(contact) ?? throw new StoreException(StoreError.Corrupt);
        return [ConversationAddress.For(record.Current!.ConversationSecret, account.Identity.PublicKeys)];
    }

    /// <summary>The contact with <paramref name="session"/>'s inbound address first, keeping one per session the record can hold.</summary>
    private Contact WithCurrentAddress(Contact contact, RatchetSession session)
    {
        var address = Convert.ToHexStringLower(ConversationAddress.For(session.ConversationSecret, account.Identity.PublicKeys));
        var addresses = new[] { address }.Concat(contact.InboundAddresses.Where(a => a != address)).Take(1 + Limits.MaxArchivedSessions).ToList();
        return contact with { InboundAddresses = addresses };
    }

    /// <summary>The contact's session record; a single session stored by an earlier version becomes a record of one.</summary>
    private SessionRecord? LoadRecord(Contact contact)
    {
        var state = store.Get(RecordPrefix + contact.Id);
        if (state is not null)
        {
            try
            {
                return SessionRecord.TryDeserialize(state, out var record) == ProtocolError.None ? record : throw new StoreException(StoreError.Corrupt);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(state);
            }
        }

        state = store.Get(LegacySessionPrefix + contact.Id);
        if (state is null)
        {
            return null;
        }

        try
        {
            var legacy = new SessionRecord();
            legacy.Promote(RatchetSession.TryDeserialize(state, out var session) == ProtocolError.None ? session! : throw new StoreException(StoreError.Corrupt));
            return legacy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }
    }

    private void SaveRecord(Contact contact, SessionRecord record)
    {
        var state = record.Serialize();
        store.Put(RecordPrefix + contact.Id, state);
        CryptographicOperations.ZeroMemory(state);
        store.Delete(LegacySessionPrefix + contact.Id);
    }

    private void DeleteRecord(string contactId)
    {
        store.Delete(RecordPrefix + contactId);
        store.Delete(LegacySessionPrefix + contactId);
    }

    private ulong NowMs() => (ulong)clock.GetUtcNow().ToUnixTimeMilliseconds();
}
