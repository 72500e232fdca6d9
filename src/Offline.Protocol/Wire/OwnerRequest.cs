namespace Offline.Protocol.Wire;

/// <summary>Subscribe and DeleteQueue body: address (32) || owner secret (32).</summary>
public sealed class OwnerRequest
{
    private const int Size = RelayWire.AddressSize + RelayWire.OwnerSecretSize;

    public OwnerRequest(byte[] address, byte[] ownerSecret)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        ArgumentOutOfRangeException.ThrowIfNotEqual(ownerSecret.Length, RelayWire.OwnerSecretSize, nameof(ownerSecret));
        Address = address;
        OwnerSecret = ownerSecret;
    }

    public byte[] Address { get; }

    public byte[] OwnerSecret { get; }

    public byte[] Encode() => [.. Address, .. OwnerSecret];

    public static bool TryParse(ReadOnlySpan<byte> body, out OwnerRequest? request)
    {
        request = body.Length == Size
            ? new OwnerRequest(body[..RelayWire.AddressSize].ToArray(), body[RelayWire.AddressSize..].ToArray())
            : null;
        return request is not null;
    }
}
