namespace Offline.Protocol.Wire;

/// <summary>
/// Delivery body: address (32) || message id (8) || ciphertext (the rest). Same overhead as
/// <see cref="SendRequest"/>, so a message arrives in the same frame size it was sent in.
/// </summary>
public sealed class DeliveryBody
{
    public const int Overhead = RelayWire.AddressSize + RelayWire.MessageIdSize;

    public DeliveryBody(byte[] address, ulong messageId, byte[] ciphertext)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        Address = address;
        MessageId = messageId;
        Ciphertext = ciphertext;
    }

    public byte[] Address { get; }

    public ulong MessageId { get; }

    public byte[] Ciphertext { get; }

    public byte[] Encode() => new ByteWriter(Overhead + Ciphertext.Length).Bytes(Address).U64(MessageId).Bytes(Ciphertext).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out DeliveryBody? delivery)
    {
        delivery = null;
        if (body.Length <= Overhead)
        {
            return false;
        }

        var reader = new ByteReader(body);
        delivery = new DeliveryBody(reader.Take(RelayWire.AddressSize).ToArray(), reader.U64(), reader.TakeRest().ToArray());
        return true;
    }
}
