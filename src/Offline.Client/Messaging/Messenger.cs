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

    /// <summary>The introduction mailbox (first contacts arrive here) and every contact's conversation queue.</summary>
    public IReadOnlyList<QueueRegistration> InboundQueues()
    {
        var queues = new List<QueueRegistration> { new(IntroductionAddress.For(account.Id.Fingerprint), IntroductionSecret()) };
        foreach (var contact in Contacts.All)
        {
            queues.Add(new QueueRegistration(InboundAddress(contact), Convert.FromHexString(contact.InboundSecret)));
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

        using (session)
        {
            var previous = Contacts.FindById(id.Text);
            var contact = new Contact
            {
                Name = name,
                Id = id.Text,
                IdentityKeys = Convert.ToHexStringLower(bundle.Identity.Encoded),
                InboundSecret = previous?.InboundSecret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize)),
                Verified = previous?.Verified ?? false,
                Pinned = previous?.Pinned ?? false,
                Muted = previous?.Muted ?? false,
            };
            SaveSession(contact, session!);
            Contacts.Save(contact);
            return (contact, SafetyNumber.Compute(account.Identity.PublicKeys, bundle.Identity), new QueueRegistration(InboundAddress(contact), Convert.FromHexString(contact.InboundSecret)));
        }
    }

    public ChatLog Chat(Contact contact) => ChatLog.Load(store, contact.Id);

    public SafetyNumber SafetyNumberOf(Contact contact) => SafetyNumber.Compute(account.Identity.PublicKeys, KeysOf(contact));

    private static IdentityPublicKeys KeysOf(Contact contact) =>
        IdentityPublicKeys.TryParse(Convert.FromHexString(contact.IdentityKeys), out var keys, out _) ? keys! : throw new StoreException(StoreError.Corrupt);

    private byte[] InboundAddress(Contact contact)
    {
        using var session = LoadSession(contact) ?? throw new StoreException(StoreError.Corrupt);
        return ConversationAddress.For(session.ConversationSecret, account.Identity.PublicKeys);
    }

    private RatchetSession? LoadSession(Contact contact)
    {
        var state = store.Get("session/" + contact.Id);
        if (state is null)
        {
            return null;
        }

        try
        {
            return RatchetSession.TryDeserialize(state, out var session) == ProtocolError.None ? session : throw new StoreException(StoreError.Corrupt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }
    }

    private void SaveSession(Contact contact, RatchetSession session)
    {
        var state = session.Serialize();
        store.Put("session/" + contact.Id, state);
        CryptographicOperations.ZeroMemory(state);
    }

    private ulong NowMs() => (ulong)clock.GetUtcNow().ToUnixTimeMilliseconds();
}
