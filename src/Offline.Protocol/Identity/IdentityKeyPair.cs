using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// A user's identity, generated on the device: an ECDSA key that signs prekeys and an ECDH key
/// that takes part in handshakes and sealing. Serialized form: 0x01 || signing scalar (32) || DH scalar (32).
/// </summary>
public sealed class IdentityKeyPair : IDisposable
{
    public const byte Version = 1;
    public const int SerializedSize = 1 + (2 * P256KeyPair.PrivateKeySize);

    private readonly P256SigningKey signing;
    private readonly P256KeyPair dh;

    private IdentityKeyPair(P256SigningKey signing, P256KeyPair dh)
    {
        this.signing = signing;
        this.dh = dh;
        PublicKeys = new IdentityPublicKeys(signing.PublicKey, dh.PublicKey);
    }

    public IdentityPublicKeys PublicKeys { get; }

    public OfflineId Id => PublicKeys.Id;

    internal P256KeyPair Dh => dh;

    /// <summary>Draws the signing scalar, then the DH scalar, from <paramref name="random"/>.</summary>
    public static IdentityKeyPair Generate(IRandomSource random)
    {
        var signing = P256SigningKey.Generate(random);
        return new IdentityKeyPair(signing, P256KeyPair.Generate(random));
    }

    public static IdentityKeyPair Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length != SerializedSize || data[0] != Version)
        {
            throw new ProtocolException(data.Length == SerializedSize ? ProtocolError.UnknownVersion : ProtocolError.Malformed);
        }

        return new IdentityKeyPair(
            P256SigningKey.FromPrivateKey(data.Slice(1, P256KeyPair.PrivateKeySize)),
            P256KeyPair.FromPrivateKey(data.Slice(1 + P256KeyPair.PrivateKeySize)));
    }

    /// <summary>Writes the secret form; the caller zeroes <paramref name="destination"/> after storing it.</summary>
    public void Serialize(Span<byte> destination)
    {
        if (destination.Length != SerializedSize)
        {
            throw new ArgumentException($"Identity serialization needs {SerializedSize} bytes.", nameof(destination));
        }

        destination[0] = Version;
        signing.ExportPrivateKey(destination.Slice(1, P256KeyPair.PrivateKeySize));
        dh.ExportPrivateKey(destination.Slice(1 + P256KeyPair.PrivateKeySize));
    }

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => signing.Sign(message, signature);

    internal byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[P256SigningKey.SignatureSize];
        signing.Sign(message, signature);
        return signature;
    }

    public void Dispose()
    {
        signing.Dispose();
        dh.Dispose();
    }

    public override string ToString() => Id.Text;
}
