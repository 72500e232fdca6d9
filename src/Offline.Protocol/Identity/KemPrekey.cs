using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// The signed ML-KEM-768 prekey (last-resort, reused until rotated):
/// id (uint32) || encapsulation key (1184) || signature (64).
/// </summary>
public sealed class KemPrekey
{
    public const int EncodedSize = 4 + MlKem768.EncapsulationKeySize + P256SigningKey.SignatureSize;

    private readonly byte[] encapsulationKey;
    private readonly byte[] signature;

    internal KemPrekey(uint id, ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> signature)
    {
        Id = id;
        this.encapsulationKey = encapsulationKey.ToArray();
        this.signature = signature.ToArray();
    }

    public uint Id { get; }

    public ReadOnlySpan<byte> EncapsulationKey => encapsulationKey;

    public ReadOnlySpan<byte> Signature => signature;

    internal static KemPrekey Create(IdentityKeyPair identity, uint id, ReadOnlySpan<byte> encapsulationKey) =>
        new(id, encapsulationKey, identity.Sign(PrekeySignature.Message(PrekeySignature.KemPrekeyLabel, id, encapsulationKey)));

    internal void WriteTo(ByteWriter writer) => writer.U32(Id).Bytes(encapsulationKey).Bytes(signature);

    internal bool VerifySignature(P256PublicKey signer) =>
        PrekeySignature.Verify(signer, PrekeySignature.KemPrekeyLabel, Id, encapsulationKey, signature);

    internal static bool TryRead(ref ByteReader reader, out KemPrekey? prekey)
    {
        var id = reader.U32();
        var key = reader.Take(MlKem768.EncapsulationKeySize);
        var signature = reader.Take(P256SigningKey.SignatureSize);
        prekey = reader.Failed ? null : new KemPrekey(id, key, signature);
        return prekey is not null;
    }
}
