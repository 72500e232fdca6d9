using System.Buffers.Binary;

namespace Offline.Relay.Store;

/// <summary>
/// One one-time prekey as the directory keeps it: its id and its encoded form
/// (id (uint32) || public key (65) || signature (64), docs/PROTOCOL.md §3), handed out as is.
/// </summary>
internal sealed record StoredPrekey(uint Id, byte[] Encoded)
{
    /// <summary>The id is the encoded prekey's first four bytes, big-endian; stores keep only the encoded form.</summary>
    public static StoredPrekey FromEncoded(byte[] encoded) => new(BinaryPrimitives.ReadUInt32BigEndian(encoded), encoded);

    /// <summary>
    /// What a top-up appends: the prekeys of <paramref name="incoming"/> whose ids are neither held nor
    /// earlier in <paramref name="incoming"/>, in the order given (so a retried top-up adds nothing twice).
    /// </summary>
    public static List<StoredPrekey> NotHeld(IEnumerable<uint> heldIds, IEnumerable<StoredPrekey> incoming)
    {
        var seen = new HashSet<uint>(heldIds);
        return [.. incoming.Where(p => seen.Add(p.Id))];
    }
}
