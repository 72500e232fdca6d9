using System.Security.Cryptography;
using System.Text;

namespace Offline.Protocol.Wire;

/// <summary>
/// PublishBundle body: owner-auth hash of the introduction mailbox (32) || inactivity period in
/// days (2) || signature (64, P-256 r || s) || encoded prekey bundle (the rest).
/// The signature is by the bundle's identity signing key over <see cref="SignedMessage"/>.
/// </summary>
public sealed class PublishBundleRequest
{
    public const int SignatureSize = 64;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/Publish/v1");

    public PublishBundleRequest(byte[] ownerAuthHash, ushort inactivityDays, byte[] signature, byte[] bundle)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(ownerAuthHash.Length, RelayWire.HashSize, nameof(ownerAuthHash));
        ArgumentOutOfRangeException.ThrowIfNotEqual(signature.Length, SignatureSize, nameof(signature));
        OwnerAuthHash = ownerAuthHash;
        InactivityDays = inactivityDays;
        Signature = signature;
        Bundle = bundle;
    }

    public byte[] OwnerAuthHash { get; }

    public ushort InactivityDays { get; }

    public byte[] Signature { get; }

    public byte[] Bundle { get; }

    /// <summary>
    /// What the identity key signs: "Offline/Publish/v1" || challenge || owner-auth hash (32)
    /// || inactivity days (uint16) || SHA-256(bundle bytes). Signing the owner-auth hash means no one
    /// on the path can swap in their own and take over the introduction mailbox.
    /// </summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> ownerAuthHash, ushort inactivityDays, ReadOnlySpan<byte> bundle) =>
        new ByteWriter(Label.Length + challenge.Length + ownerAuthHash.Length + 2 + RelayWire.HashSize)
            .Bytes(Label).Bytes(challenge).Bytes(ownerAuthHash).U16(inactivityDays).Bytes(SHA256.HashData(bundle)).ToArray();

    public byte[] Encode() => new ByteWriter(RelayWire.HashSize + 2 + SignatureSize + Bundle.Length)
        .Bytes(OwnerAuthHash).U16(InactivityDays).Bytes(Signature).Bytes(Bundle).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out PublishBundleRequest? request)
    {
        var reader = new ByteReader(body);
        var authHash = reader.Take(RelayWire.HashSize).ToArray();
        var days = reader.U16();
        var signature = reader.Take(SignatureSize).ToArray();
        var bundle = reader.TakeRest().ToArray();
        request = reader.Failed || bundle.Length == 0 ? null : new PublishBundleRequest(authHash, days, signature, bundle);
        return request is not null;
    }
}
