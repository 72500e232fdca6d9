namespace Offline.Protocol.Wire;

/// <summary>
/// Send body: address (32) || stamp nonce (8) || sealed ciphertext (the rest, at least 1 byte).
/// Nothing names the sender. The nonce matters only for introduction mailboxes (see
/// <see cref="ProofOfWorkStamp"/>); conversation sends put zeros there.
/// </summary>
public sealed class SendRequest
{
    public const int Overhead = RelayWire.AddressSize + RelayWire.StampNonceSize;

    public SendRequest(byte[] address, ulong stampNonce, byte[] ciphertext)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        ArgumentOutOfRangeException.ThrowIfZero(ciphertext.Length, nameof(ciphertext));
        Address = address;
        StampNonce = stampNonce;
        Ciphertext = ciphertext;
    }

    public byte[] Address { get; }

    public ulong StampNonce { get; }

    public byte[] Ciphertext { get; }

    /// <summary>The largest ciphertext whose Send (and Delivery) frame is <paramref name="frameSize"/> bytes.</summary>
    public static int CiphertextCapacity(int frameSize) => frameSize - RelayWire.HeaderSize - Overhead;

    public byte[] Encode() => new ByteWriter(Overhead + Ciphertext.Length).Bytes(Address).U64(StampNonce).Bytes(Ciphertext).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out SendRequest? request)
    {
        request = null;
        if (body.Length <= Overhead)
        {
            return false;
        }

        var reader = new ByteReader(body);
        request = new SendRequest(reader.Take(RelayWire.AddressSize).ToArray(), reader.U64(), reader.TakeRest().ToArray());
        return true;
    }
}
