namespace Offline.Protocol.Wire;

/// <summary>Ack body: address (32) || owner secret (32) || message id (8).</summary>
public sealed class AckRequest
{
    private const int Size = RelayWire.AddressSize + RelayWire.OwnerSecretSize + RelayWire.MessageIdSize;

    public AckRequest(byte[] address, byte[] ownerSecret, ulong messageId)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        ArgumentOutOfRangeException.ThrowIfNotEqual(ownerSecret.Length, RelayWire.OwnerSecretSize, nameof(ownerSecret));
        Address = address;
        OwnerSecret = ownerSecret;
        MessageId = messageId;
    }

    public byte[] Address { get; }

    public byte[] OwnerSecret { get; }

    public ulong MessageId { get; }

    public byte[] Encode() => new ByteWriter(Size).Bytes(Address).Bytes(OwnerSecret).U64(MessageId).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out AckRequest? request)
    {
        request = null;
        if (body.Length != Size)
        {
            return false;
        }

        var reader = new ByteReader(body);
        request = new AckRequest(reader.Take(RelayWire.AddressSize).ToArray(), reader.Take(RelayWire.OwnerSecretSize).ToArray(), reader.U64());
        return true;
    }
}
