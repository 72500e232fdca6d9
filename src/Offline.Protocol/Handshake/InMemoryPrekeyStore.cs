using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Handshake;

/// <summary>
/// <see cref="IPrekeyStore"/> over one <see cref="PrekeySet"/>. Remembers at most
/// <see cref="Limits.MaxRememberedHandshakes"/> handshakes, forgetting the oldest first.
/// </summary>
public sealed class InMemoryPrekeyStore : IPrekeyStore
{
    private readonly PrekeySet prekeys;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> seenOrder = new();

    public InMemoryPrekeyStore(PrekeySet prekeys, IEnumerable<string>? rememberedHandshakes = null)
    {
        this.prekeys = prekeys;
        foreach (var digest in rememberedHandshakes ?? [])
        {
            if (seen.Add(digest))
            {
                seenOrder.Enqueue(digest);
            }
        }
    }

    public PrekeySet Prekeys => prekeys;

    /// <summary>Remembered handshake digests (hex), oldest first, for the owner to persist.</summary>
    public IEnumerable<string> RememberedHandshakes => seenOrder;

    public P256KeyPair? FindSignedPrekey(uint id) =>
        prekeys.Bundle.SignedPrekey.Id == id ? prekeys.SignedPrekeyPair : null;

    public MlKem768DecapsulationKey? FindKemPrekey(uint id) =>
        prekeys.Bundle.KemPrekey.Id == id ? prekeys.KemKey : null;

    public P256KeyPair? FindOneTimePrekey(uint id) => prekeys.OneTimeKeys.GetValueOrDefault(id);

    public void RemoveOneTimePrekey(uint id) => prekeys.RemoveOneTimeKey(id);

    public bool HasSeenHandshake(ReadOnlySpan<byte> digest) => seen.Contains(Convert.ToHexString(digest));

    public void RememberHandshake(ReadOnlySpan<byte> digest)
    {
        var key = Convert.ToHexString(digest);
        if (!seen.Add(key))
        {
            return;
        }

        seenOrder.Enqueue(key);
        if (seenOrder.Count > Limits.MaxRememberedHandshakes)
        {
            seen.Remove(seenOrder.Dequeue());
        }
    }
}
