using System.Security.Cryptography;
using Offline.Client.Storage;
using Offline.Protocol;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Client.Account;

/// <summary>
/// <see cref="InMemoryPrekeyStore"/> saved to the encrypted store after every change, so a one-time prekey
/// used before a restart stays used and a replayed first message stays refused.
/// </summary>
internal sealed class PersistentPrekeyStore : IPrekeyStore, IDisposable
{
    private const string PrekeysRecord = "prekeys";
    private const string HandshakesRecord = "handshakes";

    private readonly EncryptedStore store;
    private readonly InMemoryPrekeyStore inner;

    private PersistentPrekeyStore(EncryptedStore store, InMemoryPrekeyStore inner)
    {
        this.store = store;
        this.inner = inner;
    }

    public PrekeyBundle Bundle => inner.Prekeys.Bundle;

    public static PersistentPrekeyStore Create(EncryptedStore store, IdentityKeyPair identity, IRandomSource random, int oneTimePrekeys)
    {
        var result = new PersistentPrekeyStore(store, new InMemoryPrekeyStore(PrekeySet.Generate(identity, random, oneTimePrekeys)));
        result.SavePrekeys();
        return result;
    }

    public static PersistentPrekeyStore Load(EncryptedStore store)
    {
        var bytes = store.Get(PrekeysRecord) ?? throw new StoreException(StoreError.Corrupt);
        var error = PrekeySet.TryDeserialize(bytes, out var prekeys);
        CryptographicOperations.ZeroMemory(bytes);
        if (error != ProtocolError.None)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var handshakes = (store.GetText(HandshakesRecord) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new PersistentPrekeyStore(store, new InMemoryPrekeyStore(prekeys!, handshakes));
    }

    public P256KeyPair? FindSignedPrekey(uint id) => inner.FindSignedPrekey(id);

    public MlKem768DecapsulationKey? FindKemPrekey(uint id) => inner.FindKemPrekey(id);

    public P256KeyPair? FindOneTimePrekey(uint id) => inner.FindOneTimePrekey(id);

    public void RemoveOneTimePrekey(uint id)
    {
        inner.RemoveOneTimePrekey(id);
        SavePrekeys();
    }

    /// <summary>The ids of every one-time prekey whose private key is held.</summary>
    public IReadOnlyList<uint> OneTimePrekeyIds => inner.Prekeys.OneTimePrekeyIds;

    /// <summary>New one-time prekeys, their private keys saved before they are returned for publishing.</summary>
    public IReadOnlyList<OneTimePrekey> AddOneTimePrekeys(IdentityKeyPair identity, IRandomSource random, uint firstId, int count)
    {
        var added = inner.Prekeys.AddOneTimePrekeys(identity, random, firstId, count);
        SavePrekeys();
        return added;
    }

    /// <summary>Deletes the private keys of one-time prekeys that can no longer be used.</summary>
    public void ForgetOneTimePrekeys(IReadOnlyCollection<uint> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var id in ids)
        {
            inner.Prekeys.ForgetOneTimePrekey(id);
        }

        SavePrekeys();
    }

    public bool HasSeenHandshake(ReadOnlySpan<byte> digest) => inner.HasSeenHandshake(digest);

    public void RememberHandshake(ReadOnlySpan<byte> digest)
    {
        inner.RememberHandshake(digest);
        store.PutText(HandshakesRecord, string.Join('\n', inner.RememberedHandshakes));
    }

    public void Dispose() => inner.Prekeys.Dispose();

    private void SavePrekeys()
    {
        var bytes = inner.Prekeys.Serialize();
        store.Put(PrekeysRecord, bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }
}
