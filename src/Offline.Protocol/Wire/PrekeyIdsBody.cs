namespace Offline.Protocol.Wire;

/// <summary>
/// Prekeys body, the answer to TopUpPrekeys: count (uint16) || count × one-time prekey id (uint32), the
/// ids the relay holds for the ID after the step, in the order it will hand them out.
/// </summary>
public sealed class PrekeyIdsBody
{
    public PrekeyIdsBody(IReadOnlyList<uint> ids)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Count, Limits.MaxOneTimePrekeysPerBundle, nameof(ids));
        Ids = ids;
    }

    public IReadOnlyList<uint> Ids { get; }

    public byte[] Encode()
    {
        var writer = new ByteWriter(2 + (4 * Ids.Count)).U16((ushort)Ids.Count);
        foreach (var id in Ids)
        {
            writer.U32(id);
        }

        return writer.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> body, out PrekeyIdsBody? parsed)
    {
        parsed = null;
        var reader = new ByteReader(body);
        var count = reader.U16();
        if (reader.Failed || count > Limits.MaxOneTimePrekeysPerBundle || reader.Remaining != 4 * count)
        {
            return false;
        }

        var ids = new uint[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.U32();
        }

        parsed = new PrekeyIdsBody(ids);
        return true;
    }
}
