using System.Security.Cryptography;
using Offline.Client.Storage;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Client.Account;

/// <summary>The device's identity and prekeys, kept in the encrypted store.</summary>
public sealed class LocalAccount : IDisposable
{
    /// <summary>One-time prekeys generated with a new identity; the relay hands each out once.</summary>
    public const int InitialOneTimePrekeys = 50;

    private const string IdentityRecord = "identity";

    private readonly PrekeyStock stock;

    private LocalAccount(IdentityKeyPair identity, PersistentPrekeyStore prekeys, PrekeyStock stock)
    {
        Identity = identity;
        Prekeys = prekeys;
        this.stock = stock;
    }

    public IdentityKeyPair Identity { get; }

    public OfflineId Id => Identity.Id;

    public PrekeyBundle Bundle => Prekeys.Bundle;

    internal PersistentPrekeyStore Prekeys { get; }

    internal PrekeyStock Stock => stock;

    /// <summary>The bundle for a first publish: only the first one-time prekeys whose private keys are still held.</summary>
    public PrekeyBundle FirstPublishBundle()
    {
        var held = Prekeys.OneTimePrekeyIds.ToHashSet();
        return Bundle.WithOneTimePrekeys([.. Bundle.OneTimePrekeys.Where(p => held.Contains(p.Id)).Take(Protocol.Limits.MaxOneTimePrekeysPerBundle)]);
    }

    /// <summary>Whether to ask the relay which one-time prekeys it holds (docs/PROTOCOL.md §3).</summary>
    public bool OneTimePrekeysDue(uint today) => stock.IsDue(today);

    /// <summary>
    /// Takes in the ids the relay holds; returns new one-time prekeys to top up with (private keys already
    /// saved), or none when the relay holds enough.
    /// </summary>
    public IReadOnlyList<OneTimePrekey> ReconcileOneTimePrekeys(IReadOnlyList<uint> relayHolds, uint today) =>
        stock.Reconcile(relayHolds, today, Identity, SystemRandom.Instance);

    public static LocalAccount Create(EncryptedStore store, IRandomSource random)
    {
        var identity = IdentityKeyPair.Generate(random);
        var secret = new byte[IdentityKeyPair.SerializedSize];
        try
        {
            identity.Serialize(secret);
            store.Put(IdentityRecord, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        var prekeys = PersistentPrekeyStore.Create(store, identity, random, InitialOneTimePrekeys);
        return new LocalAccount(identity, prekeys, PrekeyStock.Load(store, prekeys));
    }

    public static LocalAccount Load(EncryptedStore store)
    {
        var secret = store.Get(IdentityRecord) ?? throw new StoreException(StoreError.NotInitialized);
        try
        {
            var prekeys = PersistentPrekeyStore.Load(store);
            return new LocalAccount(IdentityKeyPair.Deserialize(secret), prekeys, PrekeyStock.Load(store, prekeys));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public void Dispose()
    {
        Prekeys.Dispose();
        Identity.Dispose();
    }
}
