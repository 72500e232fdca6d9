namespace Offline.Protocol.Wire;

/// <summary>CreateQueue body: address (32) || owner-auth hash = SHA-256(owner secret) (32) || inactivity days (2).</summary>
public sealed class CreateQueueRequest
{
    private const int Size = RelayWire.AddressSize + RelayWire.HashSize + 2;

    public CreateQueueRequest(byte[] address, byte[] ownerAuthHash, ushort inactivityDays)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        ArgumentOutOfRangeException.ThrowIfNotEqual(ownerAuthHash.Length, RelayWire.HashSize, nameof(ownerAuthHash));
        Address = address;
        OwnerAuthHash = ownerAuthHash;
        InactivityDays = inactivityDays;
    }

    public byte[] Address { get; }

    public byte[] OwnerAuthHash { get; }

    public ushort InactivityDays { get; }

    public byte[] Encode() => new ByteWriter(Size).Bytes(Address).Bytes(OwnerAuthHash).U16(InactivityDays).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out CreateQueueRequest? request)
    {
        request = null;
        if (body.Length != Size)
        {
            return false;
        }

        var reader = new ByteReader(body);
        request = new CreateQueueRequest(reader.Take(RelayWire.AddressSize).ToArray(), reader.Take(RelayWire.HashSize).ToArray(), reader.U16());
        return true;
    }
}
