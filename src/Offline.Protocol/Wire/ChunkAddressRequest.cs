namespace Offline.Protocol.Wire;

/// <summary>GetChunk and ReleaseChunk body: the chunk's address (32). Knowing the address is the capability.</summary>
public sealed class ChunkAddressRequest
{
    public ChunkAddressRequest(byte[] address)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        Address = address;
    }

    public byte[] Address { get; }

    public byte[] Encode() => (byte[])Address.Clone();

    public static bool TryParse(ReadOnlySpan<byte> body, out ChunkAddressRequest? request)
    {
        request = body.Length == RelayWire.AddressSize ? new ChunkAddressRequest(body.ToArray()) : null;
        return request is not null;
    }
}
