using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// What an identity signs for each published prekey: label || key id (uint32) || public key bytes.
/// The label separates the three kinds so a signature on one can never pass as another.
/// </summary>
internal static class PrekeySignature
{
    public const string SignedPrekeyLabel = "Offline/SignedPrekey/v1";
    public const string OneTimePrekeyLabel = "Offline/OneTimePrekey/v1";
    public const string KemPrekeyLabel = "Offline/KemPrekey/v1";

    public static byte[] Message(string label, uint id, ReadOnlySpan<byte> publicKey) =>
        new ByteWriter(label.Length + 4 + publicKey.Length)
            .Bytes(Encoding.ASCII.GetBytes(label))
            .U32(id)
            .Bytes(publicKey)
            .ToArray();

    public static bool Verify(P256PublicKey signer, string label, uint id, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature) =>
        P256SigningKey.Verify(signer, Message(label, id, publicKey), signature);
}
