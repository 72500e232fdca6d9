using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// The public half of an identity. Canonical encoding (131 bytes):
/// version 0x01 || signing key (65, SEC1 uncompressed) || DH key (65).
/// </summary>
public sealed class IdentityPublicKeys : IEquatable<IdentityPublicKeys>
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + (2 * P256PublicKey.EncodedSize);

    private readonly byte[] encoded;

    public IdentityPublicKeys(P256PublicKey signingKey, P256PublicKey dhKey)
    {
        SigningKey = signingKey;
        DhKey = dhKey;
        encoded = new byte[EncodedSize];
        encoded[0] = Version;
        signingKey.Encoded.CopyTo(encoded.AsSpan(1));
        dhKey.Encoded.CopyTo(encoded.AsSpan(1 + P256PublicKey.EncodedSize));
        Id = OfflineId.FromCanonicalKeys(encoded);
    }

    public P256PublicKey SigningKey { get; }

    public P256PublicKey DhKey { get; }

    public OfflineId Id { get; }

    public ReadOnlySpan<byte> Encoded => encoded;

    public byte[] Encode() => (byte[])encoded.Clone();

    public static bool TryParse(ReadOnlySpan<byte> data, out IdentityPublicKeys? keys, out ProtocolError error)
    {
        keys = null;
        if (data.Length != EncodedSize)
        {
            error = ProtocolError.Malformed;
            return false;
        }

        if (data[0] != Version)
        {
            error = ProtocolError.UnknownVersion;
            return false;
        }

        if (!P256PublicKey.TryParse(data.Slice(1, P256PublicKey.EncodedSize), out var signing)
            || !P256PublicKey.TryParse(data.Slice(1 + P256PublicKey.EncodedSize), out var dh))
        {
            error = ProtocolError.InvalidPublicKey;
            return false;
        }

        keys = new IdentityPublicKeys(signing!, dh!);
        error = ProtocolError.None;
        return true;
    }

    public bool Equals(IdentityPublicKeys? other) => other is not null && encoded.AsSpan().SequenceEqual(other.encoded);

    public override bool Equals(object? obj) => Equals(obj as IdentityPublicKeys);

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => Id.Text;
}
