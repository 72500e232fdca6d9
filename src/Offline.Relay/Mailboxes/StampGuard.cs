using System.Buffers.Binary;
using Offline.Relay.Limits;

namespace Offline.Relay.Mailboxes;

/// <summary>
/// Remembers the hashes of recently used proof-of-work stamps so each buys one message only.
/// Bounded: past <see cref="RelayLimits.SeenStampCapacity"/> the oldest is forgotten. Kept in
/// memory only; a stamp hash says nothing about who sent it.
/// </summary>
internal sealed class StampGuard(RelayLimits limits)
{
    private readonly Lock gate = new();
    private readonly HashSet<(ulong, ulong, ulong, ulong)> seen = [];
    private readonly Queue<(ulong, ulong, ulong, ulong)> order = new();

    /// <summary>True the first time a stamp hash is seen; false for a reuse.</summary>
    public bool TryUse(ReadOnlySpan<byte> stampHash)
    {
        var key = (
            BinaryPrimitives.ReadUInt64BigEndian(stampHash),
            BinaryPrimitives.ReadUInt64BigEndian(stampHash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(stampHash[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(stampHash[24..]));
        lock (gate)
        {
            if (!seen.Add(key))
            {
                return false;
            }

            order.Enqueue(key);
            if (order.Count > limits.SeenStampCapacity)
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
