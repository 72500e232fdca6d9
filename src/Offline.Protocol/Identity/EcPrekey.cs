using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// A signed P-256 prekey as published: id (uint32) || public key (65) || signature (64).
/// The same layout serves the signed prekey and the one-time prekeys; the signed label differs.
/// </summary>
public abstract class EcPrekey
{
    public const int EncodedSize = 4 + P256PublicKey.EncodedSize + P256SigningKey.SignatureSize;

    private readonly byte[] signature;

    private protected EcPrekey(uint id, P256PublicKey publicKey, ReadOnlySpan<byte> signature)
    {
        Id = id;
        PublicKey = publicKey;
        this.signature = signature.ToArray();
    }

    public uint Id { get; }

    public P256PublicKey PublicKey { get; }

    public ReadOnlySpan<byte> Signature => signature;

    private protected abstract string Label { get; }

    public byte[] Encode()
    {
        var writer = new ByteWriter(EncodedSize);
        WriteTo(writer);
        return writer.ToArray();
    }

    internal void WriteTo(ByteWriter writer) => writer.U32(Id).Bytes(PublicKey.Encoded).Bytes(signature);

    internal bool VerifySignature(P256PublicKey signer) =>
        PrekeySignature.Verify(signer, Label, Id, PublicKey.Encoded, signature);

    private protected static bool TryReadParts(ref ByteReader reader, out uint id, out P256PublicKey? key, out byte[] signature)
    {
        id = reader.U32();
        var keyBytes = reader.Take(P256PublicKey.EncodedSize);
        signature = reader.Take(P256SigningKey.SignatureSize).ToArray();
        key = null;
        return !reader.Failed && P256PublicKey.TryParse(keyBytes, out key);
    }
}
