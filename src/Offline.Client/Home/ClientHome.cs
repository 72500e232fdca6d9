using Offline.Client.Account;
using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Settings;
using Offline.Client.Storage;
using Offline.Protocol.Primitives;

namespace Offline.Client.Home;

/// <summary>
/// One unlocked home directory: the encrypted store and everything kept in it (account, contacts,
/// chats, outbox, settings). Holds an exclusive lock on the directory while open, so two commands
/// never advance the same ratchet at once.
/// </summary>
public sealed class ClientHome : IDisposable
{
    private const string LockFile = "lock";
    private const string PublishedRecord = "relay/published";
    private const string FirstPublishSentRecord = "relay/first-publish-sent";
    private readonly FileStream lockHandle;

    private ClientHome(FileStream lockHandle, EncryptedStore store, LocalAccount account, TimeProvider clock)
    {
        this.lockHandle = lockHandle;
        Store = store;
        Account = account;
        Clock = clock;
        Messenger = new Messenger(store, account, SystemRandom.Instance, clock);
        Outbox = new OutboxStore(store);
        Messenger.Composed = (contact, envelope, kind) => Outbox.Add(envelope, contact.Id, kind.ToString().ToLowerInvariant(), envelope.ContentId);
    }

    public EncryptedStore Store { get; }

    public LocalAccount Account { get; }

    public Messenger Messenger { get; }

    public OutboxStore Outbox { get; }

    public TimeProvider Clock { get; }

    public string Path => Store.Home;

    /// <summary>True once the relay accepted our bundle (and so our introduction mailbox exists).</summary>
    public bool Published
    {
        get => Store.Get(PublishedRecord) is not null;
        set
        {
            if (value)
            {
                Store.Put(PublishedRecord, [1]);
            }
            else
            {
                Store.Delete(PublishedRecord);
            }
        }
    }

    /// <summary>
    /// True once a publish carrying the first one-time prekeys has been sent, answered or not: it is never
    /// sent twice, since the relay may have handed some of those prekeys out already.
    /// </summary>
    public bool FirstPublishSent
    {
        get => Store.Get(FirstPublishSentRecord) is not null;
        set => Store.Put(FirstPublishSentRecord, [1]);
    }

    public ClientSettings Settings
    {
        get => ClientSettings.Load(Store);
        set => value.Save(Store);
    }

    public static bool Exists(string path) => EncryptedStore.Exists(path);

    /// <summary>Creates the encrypted home, a new identity and its prekeys.</summary>
    public static ClientHome Create(string path, string passphrase, TimeProvider clock)
    {
        Directory.CreateDirectory(path);
        var handle = Lock(path);
        try
        {
            var store = EncryptedStore.Create(path, passphrase);
            return new ClientHome(handle, store, LocalAccount.Create(store, SystemRandom.Instance), clock);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Unlocks an existing home; a wrong passphrase throws <see cref="StoreException"/> and changes nothing.</summary>
    public static ClientHome Open(string path, string passphrase, TimeProvider clock)
    {
        if (!EncryptedStore.Exists(path))
        {
            throw new StoreException(StoreError.NotInitialized);
        }

        var handle = Lock(path);
        EncryptedStore? store = null;
        try
        {
            store = EncryptedStore.Open(path, passphrase);
            return new ClientHome(handle, store, LocalAccount.Load(store), clock);
        }
        catch
        {
            store?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Account.Dispose();
        Store.Dispose();
        lockHandle.Dispose();
    }

    private static FileStream Lock(string path)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StoreException(StoreError.InUse);
        }
    }
}
