namespace Offline.Protocol.Wire;

/// <summary>
/// PutChunk body: address (32) || fetches (1, 1 to <see cref="RelayWire.MaxChunkFetches"/>) || chunk
/// (exactly <see cref="RelayWire.ChunkSize"/>). The address is derived from the attachment key; the relay
/// keeps the chunk until <see cref="Fetches"/> recipients have released it or it expires.
/// </summary>
public sealed class PutChunkRequest
{
    public const int Size = RelayWire.AddressSize + 1 + RelayWire.ChunkSize;

    public PutChunkRequest(byte[] address, byte fetches, byte[] chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        ArgumentOutOfRangeException.ThrowIfZero(fetches, nameof(fetches));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fetches, RelayWire.MaxChunkFetches, nameof(fetches));
        ArgumentOutOfRangeException.ThrowIfNotEqual(chunk.Length, RelayWire.ChunkSize, nameof(chunk));
        Address = address;
        Fetches = fetches;
        Chunk = chunk;
    }

    public byte[] Address { get; }

    /// <summary>How many recipients must release the chunk before the relay deletes it (1 for a pair chat).</summary>
    public byte Fetches { get; }

    public byte[] Chunk { get; }

    public byte[] Encode() => new ByteWriter(Size).Bytes(Address).U8(Fetches).Bytes(Chunk).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out PutChunkRequest? request)
    {
        request = null;
        if (body.Length != Size)
        {
            return false;
        }

        var fetches = body[RelayWire.AddressSize];
        if (fetches is 0 or > RelayWire.MaxChunkFetches)
        {
            return false;
        }

        request = new PutChunkRequest(body[..RelayWire.AddressSize].ToArray(), fetches, body[(RelayWire.AddressSize + 1)..].ToArray());
        return true;
    }
}
