using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>A single-use P-256 prekey, signed by the identity; the relay hands each one out once.</summary>
public sealed class OneTimePrekey : EcPrekey
{
    internal OneTimePrekey(uint id, P256PublicKey publicKey, ReadOnlySpan<byte> signature)
        : base(id, publicKey, signature)
    {
    }

    private protected override string Label => PrekeySignature.OneTimePrekeyLabel;

    internal static OneTimePrekey Create(IdentityKeyPair identity, uint id, P256PublicKey publicKey) =>
        new(id, publicKey, identity.Sign(PrekeySignature.Message(PrekeySignature.OneTimePrekeyLabel, id, publicKey.Encoded)));

    /// <summary>Parses the stored form; the signature is checked when the prekey is part of a bundle.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out OneTimePrekey? prekey)
    {
        var reader = new ByteReader(data);
        return TryRead(ref reader, out prekey) && reader.AtEnd;
    }

    internal static bool TryRead(ref ByteReader reader, out OneTimePrekey? prekey)
    {
        prekey = TryReadParts(ref reader, out var id, out var key, out var signature) ? new OneTimePrekey(id, key!, signature) : null;
        return prekey is not null;
    }
}
