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

    private LocalAccount(IdentityKeyPair identity, PersistentPrekeyStore prekeys)
    {
        Identity = identity;
        Prekeys = prekeys;
    }

    public IdentityKeyPair Identity { get; }

    public OfflineId Id => Identity.Id;

    public PrekeyBundle Bundle => Prekeys.Bundle;

    internal PersistentPrekeyStore Prekeys { get; }

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

        return new LocalAccount(identity, PersistentPrekeyStore.Create(store, identity, random, InitialOneTimePrekeys));
    }

    public static LocalAccount Load(EncryptedStore store)
    {
        var secret = store.Get(IdentityRecord) ?? throw new StoreException(StoreError.NotInitialized);
        try
        {
            return new LocalAccount(IdentityKeyPair.Deserialize(secret), PersistentPrekeyStore.Load(store));
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
