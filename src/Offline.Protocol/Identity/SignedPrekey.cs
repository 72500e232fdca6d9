using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>The medium-term P-256 prekey, signed by the identity; also the responder's first ratchet key.</summary>
public sealed class SignedPrekey : EcPrekey
{
    internal SignedPrekey(uint id, P256PublicKey publicKey, ReadOnlySpan<byte> signature)
        : base(id, publicKey, signature)
    {
    }

    private protected override string Label => PrekeySignature.SignedPrekeyLabel;

    internal static SignedPrekey Create(IdentityKeyPair identity, uint id, P256PublicKey publicKey) =>
        new(id, publicKey, identity.Sign(PrekeySignature.Message(PrekeySignature.SignedPrekeyLabel, id, publicKey.Encoded)));

    internal static bool TryRead(ref ByteReader reader, out SignedPrekey? prekey)
    {
        prekey = TryReadParts(ref reader, out var id, out var key, out var signature) ? new SignedPrekey(id, key!, signature) : null;
        return prekey is not null;
    }
}
